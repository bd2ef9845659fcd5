// Shared by every page: the JSON API client, the header, and how a post is shown.
// Rule: text that came from a user is only ever put in the page with textContent (see el()),
// never through innerHTML, so a post of <script>alert(1)</script> shows those characters.

/** The most code points a post may have (API.md). */
export const MAX_POST = 141;

/** A failed API call: HTTP status plus API.md's {"error", "message"}. */
export class ApiError extends Error {
  constructor(status, code, message, retryAfter) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

/**
 * Calls the JSON API with the session cookie. Same-origin fetches carry an Origin header, which
 * is the proof web's CSRF check asks of cookie-authenticated writes.
 */
export async function api(method, path, body, headers = {}) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json', ...headers } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, 'network', 'Cannot reach Warren: check your connection and try again.');
  }
  if (response.status === 204) {
    return null;
  }
  let data = null;
  try {
    data = await response.json();
  } catch (e) {
    data = null;
  }
  if (!response.ok) {
    const code = data && data.error ? data.error : 'http_' + response.status;
    const message =
      data && data.message ? data.message : 'Warren answered ' + response.status + '; try again.';
    throw new ApiError(response.status, code, message, response.headers.get('Retry-After'));
  }
  return data;
}

/**
 * Makes an element. Strings among the children become text nodes, so user text is never parsed
 * as HTML. attrs: properties such as className or href, plus data-* / aria-* attributes.
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null) continue;
    if (name.startsWith('data-') || name.startsWith('aria-') || name === 'role') {
      node.setAttribute(name, value);
    } else {
      node[name] = value;
    }
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

/** Code points, as the server counts them: an emoji is one, whatever its UTF-16 length. */
export function codePoints(text) {
  return [...text].length;
}

/** Shows an error (or clears it with null) in a message element. */
export function showMessage(node, text, kind = 'error') {
  node.className = kind;
  node.textContent = text || '';
  node.hidden = !text;
}

/** The logged-in user, or null when anonymous. */
export async function currentUser() {
  try {
    return await api('GET', '/api/v1/me');
  } catch (e) {
    if (e.status === 401) return null;
    throw e;
  }
}

/** Fills the header's account area: the user's page and "Log out", or a way to log in. */
export function renderAccount(me) {
  const nav = document.getElementById('account');
  if (!nav) return;
  nav.replaceChildren();
  if (!me) {
    // On "/" the forms are right there.
    if (window.location.pathname !== '/') nav.append(el('a', { href: '/' }, 'Log in or sign up'));
    return;
  }
  const logout = el('button', { type: 'button', className: 'secondary', id: 'logout' }, 'Log out');
  logout.addEventListener('click', async () => {
    logout.disabled = true;
    try {
      await api('DELETE', '/api/v1/sessions');
    } catch (e) {
      // 401: the session had already ended; either way the user is out.
      if (e.status !== 401) {
        logout.disabled = false;
        showPageError(e.message);
        return;
      }
    }
    window.location.assign('/');
  });
  nav.append(el('a', { href: userPath(me.username), id: 'me' }, '@' + me.username));
  if (me.admin) nav.append(el('a', { href: '/ops' }, 'Ops'));
  nav.append(logout);
}

function showPageError(text) {
  const main = document.getElementById('main');
  const note = el('p', { className: 'error', role: 'alert' }, text);
  main.prepend(note);
}

export function userPath(username) {
  return '/u/' + encodeURIComponent(username);
}

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** One post as a list item; every piece of it set as text. */
export function renderPost(post) {
  const when = new Date(post.createdAt);
  const time = el('time', { dateTime: post.createdAt }, isNaN(when) ? post.createdAt : timeFormat.format(when));
  return el(
    'li',
    { 'data-id': post.id },
    el(
      'article',
      { 'aria-label': 'Post by ' + post.author },
      el('div', { className: 'post-meta' },
        el('a', { className: 'post-author', href: userPath(post.author) }, '@' + post.author),
        time),
      el('p', { className: 'post-text' }, post.text),
    ),
  );
}

/**
 * A list of posts paged by cursor: load() shows the first page, the "Load more" button the
 * next ones, prepend() adds a post at the top (live), and ids already shown are never shown twice.
 */
export class PostList {
  constructor(list, moreButton, emptyNote, fetchPage, errorNode) {
    this.list = list;
    this.more = moreButton;
    this.emptyNote = emptyNote;
    this.fetchPage = fetchPage;
    this.errorNode = errorNode;
    this.next = null;
    this.ids = new Set();
    this.more.addEventListener('click', () => this.loadMore());
  }

  async load() {
    this.list.replaceChildren();
    this.ids.clear();
    this.next = null;
    await this.page(null);
  }

  async loadMore() {
    if (this.next) await this.page(this.next);
  }

  async page(before) {
    this.more.disabled = true;
    try {
      const page = await this.fetchPage(before);
      for (const post of page.posts) {
        if (!this.ids.has(post.id)) {
          this.ids.add(post.id);
          this.list.append(renderPost(post));
        }
      }
      this.next = page.next;
      if (this.errorNode) showMessage(this.errorNode, null);
    } catch (e) {
      if (this.errorNode) showMessage(this.errorNode, e.message);
    } finally {
      this.more.disabled = false;
      this.more.hidden = !this.next;
      this.emptyNote.hidden = this.ids.size > 0;
    }
  }

  /** Adds a post at the top unless it is already shown; true when added. */
  prepend(post) {
    if (this.ids.has(post.id)) return false;
    this.ids.add(post.id);
    const item = renderPost(post);
    item.classList.add('fresh');
    this.list.prepend(item);
    this.emptyNote.hidden = true;
    return true;
  }

  /** The newest createdAt shown, or null. */
  newest() {
    const first = this.list.querySelector('time');
    return first ? first.dateTime : null;
  }
}

/** "?limit=..&before=.." for a page request. */
export function pageQuery(before, extra = {}) {
  const params = new URLSearchParams(extra);
  if (before) params.set('before', before);
  const text = params.toString();
  return text ? '?' + text : '';
}
