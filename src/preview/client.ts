// The one script in a preview page (allowed by its hash). It listens for builds over
// Server-Sent Events and patches the page in place, keeping the reader where they were:
// the heading (or piece) at the top of the window stays at the same height.

import { ROUTES } from './routes.js';

export const CLIENT_SCRIPT = `(() => {
  'use strict';
  const KEY = 'hub.preview.place';
  let build = Number(document.documentElement.dataset.hubBuild);

  function place() {
    const top = document.elementFromPoint(innerWidth / 2, 1);
    let anchor = top && top.closest('[id]');
    const piece = top && top.closest('article.piece');
    if (piece) {
      anchor = piece;
      for (const heading of piece.querySelectorAll('h2[id], h3[id], h4[id], h5[id], h6[id]')) {
        if (heading.getBoundingClientRect().top <= 1) anchor = heading;
      }
    }
    return { id: anchor ? anchor.id : '', offset: anchor ? anchor.getBoundingClientRect().top : 0, y: scrollY };
  }

  function restore(saved) {
    const anchor = saved.id && document.getElementById(saved.id);
    if (anchor) scrollBy(0, anchor.getBoundingClientRect().top - saved.offset);
    else scrollTo(0, saved.y);
  }

  function fragment(html) {
    const template = document.createElement('template');
    template.innerHTML = html;
    return template.content.firstElementChild;
  }

  function replace(element, html) {
    const next = fragment(html);
    if (element) element.replaceWith(next);
    return next;
  }

  /** Contents entries by the id of the piece they link to. */
  function entriesOf(list) {
    const entries = new Map();
    for (const item of list.children) {
      const link = item.firstElementChild;
      if (link) entries.set((link.getAttribute('href') || '').slice(1), item);
    }
    return entries;
  }

  /** Put \`nodes\` in this order in \`container\`, after \`start\` (or first), removing \`stale\` ones. */
  function arrange(container, start, nodes, stale) {
    const keep = new Set(nodes);
    for (const node of stale) if (!keep.has(node)) node.remove();
    let previous = start;
    for (const node of nodes) {
      if (previous ? previous.nextElementSibling !== node : container.firstElementChild !== node) {
        if (previous) previous.after(node);
        else container.prepend(node);
      }
      previous = node;
    }
  }

  function apply(patch) {
    const saved = place();
    document.title = patch.title;
    if (patch.problems !== undefined) replace(document.getElementById('hub.problems'), patch.problems);
    if (patch.cover !== undefined) replace(document.querySelector('body > header'), patch.cover);
    // A pack of one paper has no contents; the introduction's entry, when there is one, stays first.
    const contents = document.querySelector('nav.toc > ol');
    const current = contents ? entriesOf(contents) : new Map();
    const articles = [];
    const entries = [];
    for (const id of patch.order) {
      const html = patch.pieces[id];
      const article = document.getElementById(id);
      articles.push(html === undefined ? article : replace(article, html));
      const entry = patch.entries[id];
      const item = current.get(id);
      if (contents) entries.push(entry === undefined ? item : replace(item, entry));
    }
    // The pieces come after the main landmark's other parts (contents, introduction).
    const main = document.getElementById('hub.main');
    const pieces = [...main.children].filter((child) => child.matches('article.piece'));
    const before = [...main.children].filter((child) => !child.matches('article.piece')).at(-1) || null;
    arrange(main, before, articles, pieces);
    if (contents) {
      const introduction = current.get('hub.introduction') || null;
      arrange(contents, introduction, entries, [...contents.children].filter((child) => child !== introduction));
    }
    build = patch.build;
    document.documentElement.dataset.hubBuild = String(build);
    restore(saved);
  }

  const saved = sessionStorage.getItem(KEY);
  if (saved) {
    sessionStorage.removeItem(KEY);
    addEventListener('load', () => restore(JSON.parse(saved)), { once: true });
  }

  function reload() {
    sessionStorage.setItem(KEY, JSON.stringify(place()));
    location.reload();
  }

  const events = new EventSource('${ROUTES.events}');
  // On (re)connecting the server names its build: a page that missed one reloads.
  events.addEventListener('build', (event) => {
    if (Number(event.data) !== build) reload();
  });
  events.addEventListener('patch', (event) => {
    const patch = JSON.parse(event.data);
    if (patch.reload || patch.from !== build) reload();
    else apply(patch);
  });
})();
`;
