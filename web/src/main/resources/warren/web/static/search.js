// "/search?q=": posts containing the words, newest first, paged.
import { api, currentUser, PostList, pageQuery, renderAccount, showMessage } from './app.js';

const $ = (id) => document.getElementById(id);

async function main() {
  const q = (new URLSearchParams(window.location.search).get('q') || '').trim();
  $('site-q').value = q;
  currentUser()
    .then(renderAccount)
    .catch(() => renderAccount(null));
  if (!q) {
    $('search-prompt').hidden = false;
    $('site-q').focus();
    return;
  }
  document.title = q + ' · Search · Warren';
  $('search-heading').textContent = 'Posts with “' + q + '”';
  await new PostList(
    $('results'),
    $('results-more'),
    $('results-empty'),
    (before) => api('GET', '/api/v1/search' + pageQuery(before, { q })),
    $('search-error'),
  ).load();
}

main();
