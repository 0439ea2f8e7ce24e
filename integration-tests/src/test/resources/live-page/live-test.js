// Test page of LivePushIT: follows the prefix named in ?prefix= and lists each key as "key = value @version",
// rendered with textContent only, so whatever a key or value holds stays text.
import { StatePush } from './statekeeper/push.js';

const prefix = new URLSearchParams(location.search).get('prefix') || 'live:';
const list = document.getElementById('values');
const push = new StatePush({ prefixes: [prefix] });

push.onStatus((status) => {
  document.getElementById('status').textContent = status;
});
push.onChange((key, value, version) => {
  let item = [...list.children].find((li) => li.dataset.key === key);
  if (value === undefined) {
    if (item) {
      item.remove();
    }
    return;
  }
  if (!item) {
    item = document.createElement('li');
    item.dataset.key = key;
    list.append(item);
  }
  item.textContent = key + ' = ' + JSON.stringify(value) + ' @' + version;
});
window.statePush = push;
push.connect();
