// The demo chat: talks to the public widget API (/widget/v1) of the server that served it. Plain
// browser JavaScript, no inline code, so the page runs under a strict Content-Security-Policy.
(function () {
  'use strict';

  const POLL_MS = 3000;
  const chat = document.getElementById('chat');
  const list = document.getElementById('messages');
  const status = document.getElementById('status');
  const form = document.getElementById('composer');
  const input = document.getElementById('text');
  const button = form.querySelector('button');
  const botId = chat.dataset.botId;
  const shown = new Set();
  let session = null;
  let lastId = null;

  function show(message) {
    if (shown.has(message.id)) return;
    shown.add(message.id);
    lastId = message.id;
    const item = document.createElement('li');
    item.dataset.author = message.author;
    item.textContent = message.text; // text, never HTML
    list.appendChild(item);
    list.scrollTop = list.scrollHeight;
  }

  async function api(method, path, body) {
    const headers = {};
    if (session) headers.Authorization = 'Bearer ' + session.sessionToken;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch('/widget/v1' + path, {
      method: method,
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const payload = await response.json();
    if (!response.ok) throw new Error(payload.error ? payload.error.message : 'HTTP ' + response.status);
    return payload;
  }

  // The session survives a reload of the tab (not a new tab): sessionStorage, one entry per bot.
  const STORAGE_KEY = 'nhx-demo-session:' + botId;

  function remembered() {
    try {
      const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || 'null');
      return saved && typeof saved.sessionId === 'string' && typeof saved.sessionToken === 'string'
        ? saved
        : null;
    } catch {
      return null;
    }
  }

  function remember(value) {
    try {
      if (value) {
        sessionStorage.setItem(
          STORAGE_KEY,
          JSON.stringify({ sessionId: value.sessionId, sessionToken: value.sessionToken }),
        );
      } else {
        sessionStorage.removeItem(STORAGE_KEY);
      }
    } catch {
      // Storage may be unavailable (a private window's quota); the chat still works without it.
    }
  }

  /** Shows every message after the last one shown, page by page (the API answers 100 at most). */
  async function catchUp() {
    for (;;) {
      const query = lastId ? '?after=' + encodeURIComponent(lastId) : '';
      const result = await api('GET', '/sessions/' + session.sessionId + '/messages' + query);
      result.messages.forEach(show);
      if (result.messages.length < 100) return;
    }
  }

  async function poll() {
    try {
      await catchUp();
    } catch (error) {
      status.textContent = error.message;
    }
  }

  function connected() {
    status.textContent = 'Connected';
    input.disabled = false;
    button.disabled = false;
    input.focus();
    setInterval(poll, POLL_MS);
  }

  async function start() {
    const saved = remembered();
    if (saved) {
      session = saved;
      try {
        await catchUp();
        return connected();
      } catch {
        // The session is gone or its token refused: start a new one.
        session = null;
        remember(null);
      }
    }
    try {
      session = await api('POST', '/bots/' + encodeURIComponent(botId) + '/sessions', {});
      remember(session);
      session.messages.forEach(show);
      connected();
    } catch (error) {
      status.textContent = 'Could not start a chat: ' + error.message;
    }
  }

  form.addEventListener('submit', async function (event) {
    event.preventDefault();
    const text = input.value.trim();
    if (!text || !session) return;
    input.value = '';
    button.disabled = true;
    try {
      const result = await api('POST', '/sessions/' + session.sessionId + '/messages', { text: text });
      result.messages.forEach(show);
      status.textContent = 'Connected';
    } catch (error) {
      status.textContent = error.message;
      input.value = text;
    } finally {
      button.disabled = false;
      input.focus();
    }
  });

  start();
})();
