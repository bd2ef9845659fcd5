// "/": sign up and log in when anonymous; otherwise post, read the live timeline, manage webhooks.
import {
  api,
  codePoints,
  currentUser,
  el,
  MAX_POST,
  pageQuery,
  PostList,
  renderAccount,
  showMessage,
} from './app.js';

const $ = (id) => document.getElementById(id);

const USERNAME = /^[a-z0-9_]{3,20}$/;

async function main() {
  let me;
  try {
    me = await currentUser();
  } catch (e) {
    showMessage($('page-error'), e.message);
    return;
  }
  renderAccount(me);
  if (me) {
    home(me);
  } else {
    welcome();
  }
}

// ---- anonymous -------------------------------------------------------------------------------

function welcome() {
  $('welcome').hidden = false;
  $('signup').addEventListener('submit', (event) => {
    event.preventDefault();
    signUp();
  });
  $('login').addEventListener('submit', (event) => {
    event.preventDefault();
    logIn($('login-username').value.trim(), $('login-password').value, $('login-error'), $('login'));
  });
  $('signup-username').focus();
}

async function signUp() {
  const username = $('signup-username').value.trim();
  const password = $('signup-password').value;
  const error = $('signup-error');
  if (!USERNAME.test(username)) {
    showMessage(error, 'Choose a username of 3 to 20 characters: lowercase letters, digits and _.');
    $('signup-username').focus();
    return;
  }
  const length = codePoints(password);
  if (length < 8 || length > 128) {
    showMessage(error, 'Choose a password of 8 to 128 characters.');
    $('signup-password').focus();
    return;
  }
  const form = $('signup');
  busy(form, true);
  try {
    await api('POST', '/api/v1/users', { username, password });
  } catch (e) {
    busy(form, false);
    showMessage(error, e.message);
    return;
  }
  await logIn(username, password, error, form);
}

async function logIn(username, password, error, form) {
  if (!username || !password) {
    showMessage(error, 'Enter your username and password.');
    return;
  }
  busy(form, true);
  try {
    await api('POST', '/api/v1/sessions', { username, password });
    window.location.replace('/');
  } catch (e) {
    busy(form, false);
    showMessage(error, e.message);
  }
}

function busy(form, on) {
  for (const button of form.querySelectorAll('button')) button.disabled = on;
}

// ---- logged in -------------------------------------------------------------------------------

function home(me) {
  $('home').hidden = false;
  const timeline = new PostList(
    $('timeline'),
    $('timeline-more'),
    $('timeline-empty'),
    (before) => api('GET', '/api/v1/timeline' + pageQuery(before)),
    $('timeline-error'),
  );
  compose(me, timeline);
  timeline.load().then(() => live(timeline));
  webhooks();
}

function compose(me, timeline) {
  const form = $('compose');
  const text = $('post-text');
  const count = $('post-count');
  const error = $('post-error');
  // One key per text: resending the same text after a lost answer cannot post it twice.
  let key = newKey();

  const update = () => {
    const left = MAX_POST - codePoints(text.value);
    count.textContent =
      left >= 0 ? plural(left, 'character') + ' left' : plural(-left, 'character') + ' too many';
    count.classList.toggle('over', left < 0);
  };
  text.addEventListener('input', () => {
    key = newKey();
    update();
    if (codePoints(text.value) <= MAX_POST && error.textContent.startsWith('Posts are at most')) {
      showMessage(error, null);
    }
  });
  text.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = text.value;
    const length = codePoints(value);
    if (value.trim() === '') {
      showMessage(error, 'Write something first.');
      text.focus();
      return;
    }
    if (length > MAX_POST) {
      showMessage(
        error,
        'Posts are at most ' + MAX_POST + ' characters; this one has ' + length +
          '. Shorten it by ' + (length - MAX_POST) + '.',
      );
      text.focus();
      return;
    }
    const button = $('post-submit');
    button.disabled = true;
    try {
      const answer = await api('POST', '/api/v1/posts', { text: value }, { 'Idempotency-Key': key });
      timeline.prepend({
        id: answer.id,
        author: me.username,
        text: value,
        createdAt: new Date().toISOString(),
      });
      text.value = '';
      key = newKey();
      update();
      showMessage(error, null);
    } catch (e) {
      showMessage(error, postError(e));
    } finally {
      button.disabled = false;
      text.focus();
    }
  });
  update();
}

function postError(e) {
  if (e.status === 429 && e.retryAfter) {
    return 'You are posting too fast: try again in ' + e.retryAfter + ' s.';
  }
  return e.message;
}

function plural(n, word) {
  return n + ' ' + word + (n === 1 ? '' : 's');
}

function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  // Plain-http deployments have no randomUUID; random bytes do as well.
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
}

/**
 * New posts from followed users arrive on the server-sent event stream and go on top. When the
 * stream drops, a notice says so; the browser reconnects by itself after a network error, and
 * this code reconnects after an HTTP error (which EventSource does not retry). Once back, posts
 * missed meanwhile are fetched.
 */
function live(timeline) {
  const notice = $('live');
  const announce = $('announce');
  let source = null;
  let dropped = false;
  let retryMs = 1000;
  let hideTimer = null;
  let leaving = false;

  const show = (text, kind) => {
    clearTimeout(hideTimer);
    notice.textContent = text;
    notice.className = 'notice' + (kind ? ' ' + kind : '');
    notice.hidden = false;
  };

  const connect = () => {
    source = new EventSource('/api/v1/stream');
    source.addEventListener('open', () => {
      retryMs = 1000;
      if (dropped) {
        dropped = false;
        show('Live updates are back.', 'back');
        hideTimer = setTimeout(() => (notice.hidden = true), 6000);
      }
      catchUp(timeline);
    });
    source.addEventListener('post', (event) => {
      const post = JSON.parse(event.data);
      if (timeline.prepend(post)) announce.textContent = 'New post from @' + post.author;
    });
    source.addEventListener('error', async () => {
      if (leaving) return;
      if (!dropped) {
        dropped = true;
        show('Live updates lost: reconnecting…');
      }
      if (source.readyState !== EventSource.CLOSED) return; // the browser retries by itself
      source.close();
      if ((await currentUser().catch(() => 'unknown')) === null) {
        show('Your session has ended: reload the page to log in again.');
        return;
      }
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 30000);
    });
  };
  window.addEventListener('pagehide', () => {
    leaving = true;
    if (source) source.close();
  });
  connect();
}

/** Puts on top the posts of the first timeline page newer than the newest one shown. */
async function catchUp(timeline) {
  let page;
  try {
    page = await api('GET', '/api/v1/timeline');
  } catch (e) {
    return; // the next reconnect tries again; the stream itself works
  }
  const newest = timeline.newest();
  const since = newest ? Date.parse(newest) : 0;
  const missed = page.posts.filter((p) => Date.parse(p.createdAt) >= since);
  for (const post of missed.reverse()) timeline.prepend(post);
}

// ---- webhooks --------------------------------------------------------------------------------

function webhooks() {
  const details = $('webhooks');
  details.addEventListener('toggle', () => {
    if (details.open) listHooks();
  });
  $('webhook-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = $('webhook-url');
    const error = $('webhook-error');
    const url = input.value.trim();
    if (!url) {
      showMessage(error, 'Enter the URL that should receive the posts.');
      input.focus();
      return;
    }
    try {
      await api('POST', '/api/v1/webhooks', { url });
      input.value = '';
      showMessage(error, null);
      await listHooks();
    } catch (e) {
      showMessage(error, e.message);
    }
  });
}

async function listHooks() {
  const body = $('webhook-list');
  const error = $('webhook-error');
  let hooks;
  try {
    hooks = await api('GET', '/api/v1/webhooks');
  } catch (e) {
    showMessage(error, e.message);
    return;
  }
  body.replaceChildren(
    ...hooks.map((hook) => {
      const remove = el('button', { type: 'button', className: 'secondary' }, 'Remove');
      remove.setAttribute('aria-label', 'Remove webhook ' + hook.url);
      remove.addEventListener('click', async () => {
        remove.disabled = true;
        try {
          await api('DELETE', '/api/v1/webhooks/' + encodeURIComponent(hook.id));
          await listHooks();
        } catch (e) {
          remove.disabled = false;
          showMessage(error, e.message);
        }
      });
      return el(
        'tr',
        {},
        el('td', {}, hook.url),
        el('td', {}, String(hook.delivered)),
        el('td', {}, String(hook.failed)),
        el('td', {}, hook.lastError || '—'),
        el('td', {}, remove),
      );
    }),
  );
  $('webhook-empty').hidden = hooks.length > 0;
}

main();
