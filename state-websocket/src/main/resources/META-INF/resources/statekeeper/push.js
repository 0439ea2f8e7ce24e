// Statekeeper push client: live, versioned state in the browser over the application's WebSocket.
// An ES module without dependencies, served by the state-websocket jar at <context>/statekeeper/push.js.
//
//   import { StatePush } from './statekeeper/push.js';
//   const push = new StatePush({ keys: ['visits'], prefixes: ['flag:'] });
//   push.onChange((key, value, version) => { ... });   // value undefined: the key was deleted
//   push.onStatus(status => { ... });                   // 'connecting' | 'live' | 'offline'
//   push.connect();
//
// The client keeps the version of every key it has and sends them when it (re)connects; the server
// then sends only what is newer, and "deleted" for what is gone, so after a dropped connection the page
// never keeps showing a superseded value. Values are data: render them with textContent, never innerHTML.

const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 10000;

export class StatePush {
  /**
   * @param {object} options
   * @param {string[]} [options.keys] keys to follow
   * @param {string[]} [options.prefixes] key prefixes to follow
   * @param {string} [options.url] the endpoint: absolute ws(s):// URL, or a path resolved against this
   *   module's own location (default: the endpoint next to this script, /<context>/statekeeper/push)
   */
  constructor(options = {}) {
    this.keys = [...(options.keys || [])];
    this.prefixes = [...(options.prefixes || [])];
    this.url = StatePush.endpoint(options.url);
    this.values = new Map(); // key -> { value, version }
    this.changeListeners = [];
    this.statusListeners = [];
    this.errorListeners = [];
    this.retryMs = RETRY_FIRST_MS;
    this.socket = null;
    this.stopped = false;
    this.status = 'offline';
  }

  static endpoint(url) {
    if (url && /^wss?:\/\//.test(url)) {
      return url;
    }
    const base = new URL(url || 'push', import.meta.url);
    base.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:';
    return base.toString();
  }

  /** Calls listener(key, value, version) for every change; value is undefined when the key was deleted. */
  onChange(listener) {
    this.changeListeners.push(listener);
    return this;
  }

  /** Calls listener(status): 'connecting', 'live' or 'offline'. */
  onStatus(listener) {
    this.statusListeners.push(listener);
    return this;
  }

  /** Calls listener(message) when the server refuses something (a key not readable, a limit). */
  onError(listener) {
    this.errorListeners.push(listener);
    return this;
  }

  /** The value this page holds for key, or undefined. */
  get(key) {
    const held = this.values.get(key);
    return held && held.value;
  }

  /** The version this page holds for key, or 0. */
  version(key) {
    const held = this.values.get(key);
    return held ? held.version : 0;
  }

  connect() {
    this.stopped = false;
    this.setStatus('connecting');
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onopen = () => {
      this.retryMs = RETRY_FIRST_MS;
      const have = {};
      for (const [key, held] of this.values) {
        have[key] = held.version;
      }
      socket.send(JSON.stringify({ op: 'subscribe', keys: this.keys, prefixes: this.prefixes, have }));
    };
    socket.onmessage = (event) => this.receive(JSON.parse(event.data));
    socket.onclose = () => {
      if (this.socket !== socket) {
        return;
      }
      this.socket = null;
      this.setStatus('offline');
      if (!this.stopped) {
        setTimeout(() => this.stopped || this.connect(), this.retryMs);
        this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
      }
    };
    return this;
  }

  close() {
    this.stopped = true;
    if (this.socket) {
      this.socket.close();
    }
  }

  receive(message) {
    if (message.op === 'subscribed') {
      this.setStatus('live');
      if (message.denied && message.denied.length) {
        this.errorListeners.forEach((l) => l(message));
      }
    } else if (message.op === 'value') {
      if (message.version > this.version(message.key)) {
        this.values.set(message.key, { value: message.value, version: message.version });
        this.changeListeners.forEach((l) => l(message.key, message.value, message.version));
      }
    } else if (message.op === 'deleted') {
      if (this.values.delete(message.key)) {
        this.changeListeners.forEach((l) => l(message.key, undefined, message.version));
      }
    } else if (message.op === 'error') {
      this.errorListeners.forEach((l) => l(message));
    }
  }

  setStatus(status) {
    this.status = status;
    this.statusListeners.forEach((l) => l(status));
  }
}
