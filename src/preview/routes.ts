// The only paths the preview serves: the page, the PDF pack, and the page's event stream.
export const ROUTES = { page: '/', pdf: '/pack.pdf', events: '/__hub/events' } as const;
