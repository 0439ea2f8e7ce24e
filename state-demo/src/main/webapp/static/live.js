// Live updates of the demo page through Statekeeper's push client: the visit counter, the feature
// flags and the shown cart change as soon as a change commits anywhere (another tab, another server).
// Every value is put on the page with textContent or as an attribute value, never parsed as HTML.
import { StatePush } from '../statekeeper/push.js';

const cart = document.getElementById('cart');
const user = cart ? cart.dataset.user : 'guest';
const base = cart ? cart.dataset.base : '/';
const cartKey = 'cart:' + user;

const push = new StatePush({ keys: ['demo:visits', cartKey], prefixes: ['flag:'] });

push.onStatus((status) => {
  document.getElementById('live-status').textContent = status;
});

push.onChange((key, value, version) => {
  if (key === 'demo:visits') {
    document.getElementById('visits').textContent = String(value === undefined ? 0 : value);
  } else if (key.startsWith('flag:')) {
    showFlag(key.substring('flag:'.length), value === true, value === undefined ? 0 : version);
  } else if (key === cartKey) {
    showCart(value === undefined ? [] : value.items || [], value === undefined ? 0 : version);
  }
});

function showFlag(name, enabled, version) {
  for (const row of document.querySelectorAll('tr[data-flag]')) {
    if (row.dataset.flag !== name) {
      continue;
    }
    row.querySelector('.flag-state').textContent = enabled ? 'on' : 'off';
    row.querySelector('.flag-version').textContent = String(version);
    // The toggle button compares and sets against the version now shown, and offers the opposite state.
    row.querySelector('input[name=expectedVersion]').value = String(version);
    row.querySelector('input[name=enabled]').value = String(!enabled);
    row.querySelector('button').textContent = enabled ? 'Turn off' : 'Turn on';
  }
}

function showCart(items, version) {
  const region = document.getElementById('cart-items');
  if (!region) {
    return; // the cart is switched off on this page
  }
  document.getElementById('cart-version').textContent = String(version);
  if (items.length === 0) {
    const empty = document.createElement('p');
    empty.textContent = 'The cart is empty.';
    region.replaceChildren(empty);
    return;
  }
  const table = document.createElement('table');
  table.append(row('th', ['item', 'quantity', '']));
  for (const item of items) {
    const tr = row('td', [item.name, String(item.quantity), '']);
    tr.lastChild.append(removeForm(item.name));
    table.append(tr);
  }
  region.replaceChildren(table);
}

function row(cell, texts) {
  const tr = document.createElement('tr');
  for (const text of texts) {
    const c = document.createElement(cell);
    c.textContent = text;
    tr.append(c);
  }
  return tr;
}

function removeForm(name) {
  const form = document.createElement('form');
  form.method = 'post';
  form.action = base;
  for (const [field, value] of [['action', 'remove-item'], ['user', user], ['name', name]]) {
    const input = document.createElement('input');
    input.type = 'hidden';
    input.name = field;
    input.value = value;
    form.append(input);
  }
  const button = document.createElement('button');
  button.type = 'submit';
  button.textContent = 'Remove';
  form.append(button);
  return form;
}

push.connect();
