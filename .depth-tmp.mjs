import { marked } from 'marked';
for (const [name, make] of [['list', (n) => '- '.repeat(n) + 'x\n'], ['listIndent', (n) => { let s=''; for (let i=0;i<n;i++) s += '  '.repeat(i) + '- item ' + i + '\n'; return s; }], ['quote', (n) => '>'.repeat(n) + ' x\n'], ['quoteSp', (n) => '> '.repeat(n) + 'x\n'], ['ol', (n)=> '1. '.repeat(n)+'x\n']]) {
  for (const n of [200, 500, 1000, 2000, 3000, 5000]) {
    try { const t = marked.lexer(make(n)); marked.parser(t); } catch (e) { console.log(name, n, e.constructor.name); break; }
    console.log(name, n, 'ok');
  }
}
