// "/u/{username}": a user's counts and posts, and follow / unfollow for a logged-in visitor.
import { api, currentUser, PostList, pageQuery, renderAccount, showMessage } from './app.js';

const $ = (id) => document.getElementById(id);

async function main() {
  const username = decodeURIComponent(window.location.pathname.slice('/u/'.length));
  const path = '/api/v1/users/' + encodeURIComponent(username);
  const me = await currentUser().catch(() => null);
  renderAccount(me);
  let counts;
  try {
    counts = await api('GET', path);
  } catch (e) {
    showMessage($('page-error'), e.status === 404 ? 'There is no user named ' + username + '.' : e.message);
    return;
  }
  document.title = '@' + counts.username + ' · Warren';
  $('profile-name').textContent = '@' + counts.username;
  showCounts(counts);
  $('profile').hidden = false;
  $('posts-section').hidden = false;

  if (!me) {
    $('follow-login').hidden = false;
  } else if (me.username !== counts.username) {
    followButtons(path, counts);
  }

  await new PostList(
    $('posts'),
    $('posts-more'),
    $('posts-empty'),
    (before) => api('GET', path + '/posts' + pageQuery(before)),
    $('posts-error'),
  ).load();
}

function showCounts(counts) {
  $('count-posts').textContent = String(counts.posts);
  $('count-followers').textContent = String(counts.followers);
  $('count-following').textContent = String(counts.following);
}

/**
 * API.md has no "do I follow them" read, so both actions are offered; both are idempotent
 * (following twice is still one follow). After one, the status says what is now true.
 */
function followButtons(path, counts) {
  $('follow-actions').hidden = false;
  const status = $('follow-status');
  const act = async (method, done) => {
    const buttons = [$('follow'), $('unfollow')];
    buttons.forEach((b) => (b.disabled = true));
    try {
      await api(method, path + '/follow');
      showMessage(status, done, 'ok');
      refreshCounts(path, counts.followers);
    } catch (e) {
      showMessage(status, e.message, 'error');
    } finally {
      buttons.forEach((b) => (b.disabled = false));
    }
  };
  $('follow').addEventListener('click', () => act('PUT', 'You follow @' + counts.username + '.'));
  $('unfollow').addEventListener('click', () =>
    act('DELETE', 'You no longer follow @' + counts.username + '.'),
  );
}

/** Follows are applied asynchronously by the store: re-read the counts until they change. */
async function refreshCounts(path, followersBefore) {
  for (let attempt = 0; attempt < 10; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    try {
      const counts = await api('GET', path);
      showCounts(counts);
      if (counts.followers !== followersBefore) return;
    } catch (e) {
      return;
    }
  }
}

main();
