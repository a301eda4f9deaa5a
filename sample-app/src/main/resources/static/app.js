// The chat page: one WebSocket per room, re-opened with exponential backoff when it drops.
// Everything a user typed is put into the page with textContent, never as HTML.
'use strict';

const $ = (id) => document.getElementById(id);

const state = {
  config: null,       // { wsPort (null: this page's origin), wsPath, maxMessageLength, maxNicknameLength } from the web server
  nickname: null,
  room: null,
  socket: null,
  joined: false,      // the server confirmed our join on the current socket
  messageTooLong: false, // what the message box holds is over the server's limit: it is not sent
  leaving: false,     // the user left: do not reconnect
  connectedOnce: false, // joined this room since the user asked to: a drop is then a lost connection
  retries: 0,
  reconnectTimer: null,
  reconnectAt: null,  // when the next attempt is due (Date.now() time), while waiting for it
  countdownTimer: null,
  // With the cluster, each room message comes as { id, data }: the id of the last one seen goes with the
  // next connection (?lastId=), on any node, which replays what the page missed instead of starting over.
  lastId: null,
  shownRoom: null,    // the room whose conversation the page shows, so that a resumed join can keep it
  gap: false,         // the server said we missed more than it keeps: the next 'joined' shows the history anew
  early: [],          // what came on this socket before 'joined' (replayed and first live messages), shown after it
  shown: new Set(),   // keys of the messages shown, to drop one that comes both in the history and live
  shownOrder: [],
};

const BACKOFF_START_MS = 500;
const BACKOFF_MAX_MS = 15000;
/** After a reconnect, how many times "nickname taken" is taken for our own old connection before we give up. */
const NICKNAME_RETRIES = 4;
/** The share of the message limit from which the counter shows. */
const COUNTER_FROM = 0.9;
/** How many shown messages are remembered to drop repeats. */
const SHOWN_KEYS = 1000;

/** kind: idle (not trying), connecting, open, or closed (waiting to try again: "Retry now" is offered). */
function setStatus(kind, text) {
  $('status').dataset.state = kind;
  $('status-text').textContent = text;
  $('retry-button').hidden = kind !== 'closed';
}

async function loadConfig() {
  const response = await fetch('/api/config');
  if (!response.ok) {
    throw new Error('GET /api/config: ' + response.status);
  }
  state.config = await response.json();
  $('nickname').maxLength = state.config.maxNicknameLength;
}

/**
 * ws://<this page's host and port>/chat/<room>, or ws://<this page's host>:<wsPort>/... when the
 * server names the engine's own port; wss:// when the page came over https (the browser refuses ws://
 * from an https page). The ?ws= override (scheme://host:port) wins over both.
 */
function socketUrl(room) {
  const override = new URLSearchParams(location.search).get('ws');
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const host = state.config.wsPort == null ? location.host : `${location.hostname}:${state.config.wsPort}`;
  const resume = state.lastId && state.shownRoom === room ? '?lastId=' + encodeURIComponent(state.lastId) : '';
  return (override || `${scheme}://${host}`) + state.config.wsPath + encodeURIComponent(room) + resume;
}

// ---- lobby

async function refreshRooms() {
  if (!$('lobby').hidden) {
    try {
      const rooms = await (await fetch('/api/rooms')).json();
      renderRooms(rooms);
    } catch (e) {
      // the web server is away; the next refresh tries again
    }
  }
}

function renderRooms(rooms) {
  const list = $('room-list');
  list.replaceChildren();
  if (rooms.length === 0) {
    const empty = document.createElement('li');
    empty.className = 'empty';
    empty.textContent = 'No active rooms yet: create one.';
    list.append(empty);
    return;
  }
  for (const room of rooms) {
    const item = document.createElement('li');
    item.dataset.room = room.name;
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = '#' + room.name;
    const count = document.createElement('span');
    count.className = 'count';
    count.textContent = room.members + (room.members === 1 ? ' member' : ' members');
    item.append(name, count);
    item.addEventListener('click', () => {
      $('room-name').value = room.name;
      $('nickname').focus();
    });
    list.append(item);
  }
}

function showLobbyError(text) {
  $('lobby-error').textContent = text;
  $('lobby-error').hidden = !text;
}

function showLobby() {
  $('chat').hidden = true;
  $('lobby').hidden = false;
  refreshRooms();
}

function showChat() {
  $('lobby').hidden = true;
  $('chat').hidden = false;
  $('current-room').textContent = state.room;
  $('current-nickname').textContent = state.nickname;
  $('message-input').focus();
}

// ---- connection

function connect() {
  stopWaiting();
  if (state.socket) {
    // a join asked for again while the last attempt is still under way: that one must not join too
    const previous = state.socket;
    state.socket = null;
    previous.close(1000, 'connecting anew');
  }
  setStatus('connecting', state.connectedOnce ? 'Reconnecting to the chat server…' : 'Connecting to the chat server…');
  state.joined = false;
  state.early = [];
  state.gap = false;
  const socket = new WebSocket(socketUrl(state.room));
  state.socket = socket;
  socket.addEventListener('open', () => {
    if (socket === state.socket) {
      // what the server agreed to (permessage-deflate, say): scripts cannot read response headers
      $('status').dataset.extensions = socket.extensions;
      socket.send(JSON.stringify({ type: 'join', nickname: state.nickname }));
    }
  });
  socket.addEventListener('message', (event) => {
    if (socket === state.socket) {
      receive(JSON.parse(event.data));
    }
  });
  socket.addEventListener('close', (event) => {
    if (socket !== state.socket) {
      return;
    }
    state.socket = null;
    state.joined = false;
    updateSendButton();
    if (state.leaving) {
      setStatus('idle', 'Not connected');
    } else if (event.code === 1007 || event.code === 1008) {
      // the server refused what we sent or the room's name: trying again would only repeat it
      state.leaving = true;
      setStatus('idle', 'Not connected');
      showLobby();
      showLobbyError('The server closed the connection: ' + (event.reason || 'code ' + event.code));
    } else {
      scheduleReconnect();
    }
  });
}

/** 0.5 s, 1 s, 2 s, ... up to 15 s, with jitter so that many clients do not return at once. */
function scheduleReconnect() {
  const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_START_MS * 2 ** state.retries) * (0.75 + Math.random() * 0.5);
  state.retries++;
  state.reconnectAt = Date.now() + delay;
  const tick = () => {
    const seconds = Math.max(0, Math.ceil((state.reconnectAt - Date.now()) / 1000));
    setStatus('closed', `${state.connectedOnce ? 'Connection lost' : 'Not connected'}: retrying in ${seconds} s`);
  };
  tick();
  state.countdownTimer = setInterval(tick, 250);
  state.reconnectTimer = setTimeout(connect, delay);
}

function stopWaiting() {
  clearTimeout(state.reconnectTimer);
  clearInterval(state.countdownTimer);
  state.reconnectTimer = null;
  state.reconnectAt = null;
}

/** The user does not want to wait for the next attempt. A failure still counts towards the backoff. */
function retryNow() {
  if (state.reconnectTimer !== null) {
    connect();
  }
}

function leave() {
  state.leaving = true;
  stopWaiting();
  if (state.socket) {
    state.socket.close(1000, 'left the room');
  }
  state.socket = null;
  state.room = null;
  state.lastId = null;
  state.shownRoom = null;
  setStatus('idle', 'Not connected');
  showLobby();
}

// ---- what this tab saw of each room's history

/**
 * Per room, the history's epoch (from 'joined') and whether this tab showed any of its messages; in
 * sessionStorage, so that a reload remembers it, or in memory where storage is refused. A room's
 * history that starts anew gets a new epoch (the server restarted, or dropped the room while empty).
 */
const seenHistories = (() => {
  const inMemory = new Map();
  const key = (room) => 'wsengine-chat.history.' + room;
  return {
    get(room) {
      try {
        const stored = sessionStorage.getItem(key(room));
        return stored === null ? null : JSON.parse(stored);
      } catch (e) {
        return inMemory.get(room) ?? null;
      }
    },
    set(room, seen) {
      try {
        sessionStorage.setItem(key(room), JSON.stringify(seen));
      } catch (e) {
        inMemory.set(room, seen);
      }
    },
  };
})();

/** Remembers the epoch we joined under; true when this tab had seen messages of an earlier one. */
function historyWasLost(joined) {
  if (!joined.historyEpoch) {
    return false; // a server that does not say
  }
  const before = seenHistories.get(joined.room);
  seenHistories.set(joined.room, { epoch: joined.historyEpoch, sawMessages: joined.history.length > 0 });
  return before !== null && before.sawMessages && before.epoch !== joined.historyEpoch;
}

function rememberMessageSeen(room) {
  const seen = seenHistories.get(room);
  if (seen !== null && !seen.sawMessages) {
    seenHistories.set(room, { ...seen, sawMessages: true });
  }
}

// ---- messages from the server

/**
 * Both shapes of a room's messages: as they are without the cluster, and as { id, data } from a
 * recovery group with it (the id is remembered for the next connection). { gap: true } says the
 * server could not replay all we missed. Until 'joined', messages wait: they come after its history.
 */
function receive(frame) {
  let message = frame;
  if (frame !== null && typeof frame === 'object' && frame.type === undefined) {
    if (frame.gap === true) {
      handleGap();
      return;
    }
    if (typeof frame.id === 'string' && 'data' in frame) {
      state.lastId = frame.id;
      message = frame.data;
    }
  }
  if (!state.joined && message.type !== 'joined' && message.type !== 'error') {
    state.early.push(message);
    return;
  }
  handle(message);
}

function handleGap() {
  state.lastId = null;
  state.gap = true;
  if (state.joined && state.socket) {
    // after 'joined' (not this server's order): connect anew, without a last id, for the whole history
    state.socket.close(1000, 'reloading the history');
  }
}

function handle(message) {
  switch (message.type) {
    case 'joined':
      state.joined = true;
      state.connectedOnce = true;
      state.retries = 0;
      setStatus('open', 'Connected');
      updateSendButton();
      showChatError('');
      showChat();
      showJoined(message);
      break;
    case 'message':
      if (showMessage(message)) {
        rememberMessageSeen(message.room);
      }
      break;
    case 'presence':
      appendSystem(`${message.nickname} ${message.event === 'join' ? 'joined' : 'left'}`, message.timestamp);
      renderMembers(message.members);
      break;
    case 'error':
      handleError(message);
      break;
    default:
      console.warn('unknown message from the server', message);
  }
}

/**
 * A resumed join keeps the conversation shown, and adds what was replayed; any other shows the room's
 * history anew. Either way what came before 'joined' follows, without repeats.
 */
function showJoined(joined) {
  const lost = historyWasLost(joined);
  if (!(joined.resumed && !state.gap && state.shownRoom === joined.room)) {
    $('messages').replaceChildren();
    state.shown.clear();
    state.shownOrder = [];
    if (lost) {
      appendNotice('Earlier messages were lost: the chat server restarted, or closed the room while it stood empty.');
    } else if (state.gap) {
      appendNotice('You were away for more messages than the server keeps to catch up: here is the room\'s history.');
    }
    joined.history.forEach(showMessage);
  }
  state.gap = false;
  state.shownRoom = joined.room;
  renderMembers(joined.members);
  const early = state.early;
  state.early = [];
  for (const message of early) {
    if (message.type === 'message' && showMessage(message)) {
      rememberMessageSeen(message.room);
    } else if (message.type === 'presence') {
      // who is in the room now is joined.members (and the presence events after it)
      appendSystem(`${message.nickname} ${message.event === 'join' ? 'joined' : 'left'}`, message.timestamp);
    }
  }
}

/** Shows a chat message unless it is shown already (it came in the history and live); true if shown. */
function showMessage(line) {
  const key = `${line.nickname}\u0000${line.timestamp}\u0000${line.text}`;
  if (state.shown.has(key)) {
    return false;
  }
  state.shown.add(key);
  state.shownOrder.push(key);
  if (state.shownOrder.length > SHOWN_KEYS) {
    state.shown.delete(state.shownOrder.shift());
  }
  appendMessage(line);
  return true;
}

function handleError(error) {
  if (!state.joined && error.code === 'nickname-taken') {
    if (state.retries > 0 && state.retries <= NICKNAME_RETRIES) {
      // our previous connection may not have timed out yet: close this one, and the reconnect loop tries again
      state.socket.close(1000, 'nickname still taken');
      return;
    }
    state.leaving = true;
    state.socket.close(1000, 'nickname taken');
    showLobby();
    showLobbyError(error.message);
    return;
  }
  if (!state.joined) {
    state.leaving = true;
    state.socket.close(1000, 'join refused');
    showLobby();
    showLobbyError(error.message);
    return;
  }
  showChatError(error.message);
}

// ---- the message box

/** Characters as the server counts them: code points, so that an emoji is one, not two. */
function characterCount(text) {
  let count = 0;
  for (const _ of text) {
    count++;
  }
  return count;
}

/** The page is in English: 2,000. */
function number(n) {
  return n.toLocaleString('en');
}

/**
 * Near the server's limit, a counter; over it, why the message cannot be sent (instead of cutting
 * what the user typed, as a maxlength would).
 */
function checkMessageLength() {
  const max = state.config.maxMessageLength;
  const length = characterCount($('message-input').value);
  const over = length - max;
  state.messageTooLong = over > 0;
  $('message-limit').hidden = length < max * COUNTER_FROM;
  $('message-limit').toggleAttribute('data-over', over > 0);
  $('message-counter').textContent = `${number(length)} / ${number(max)}`;
  $('message-too-long').hidden = over <= 0;
  $('message-too-long').textContent = over <= 0 ? ''
    : `Too long to send: ${number(over)} ${over === 1 ? 'character' : 'characters'} over the limit of ${number(max)}.`;
  $('message-input').setAttribute('aria-invalid', String(over > 0));
  updateSendButton();
}

function updateSendButton() {
  $('send-button').disabled = !state.joined || state.messageTooLong;
}

function showChatError(text) {
  $('chat-error').textContent = text;
  $('chat-error').hidden = !text;
}

function time(timestamp) {
  return new Date(timestamp).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

function appendMessage(line) {
  const item = document.createElement('li');
  item.className = 'message' + (line.nickname === state.nickname ? ' mine' : '');
  const meta = document.createElement('div');
  meta.className = 'meta';
  const author = document.createElement('span');
  author.className = 'author';
  author.textContent = line.nickname;
  const when = document.createElement('time');
  when.dateTime = line.timestamp;
  when.textContent = time(line.timestamp);
  meta.append(author, when);
  const text = document.createElement('div');
  text.className = 'text';
  text.textContent = line.text;
  item.append(meta, text);
  addToConversation(item);
}

function appendSystem(text, timestamp) {
  const item = document.createElement('li');
  item.className = 'system';
  item.textContent = `${text} · ${time(timestamp)}`;
  addToConversation(item);
}

/** Whether the list shows its end (give or take a line), so that what comes next should stay in view. */
function isAtBottom(list) {
  return list.scrollHeight - list.scrollTop - list.clientHeight < 40;
}

/** A line about the room itself, not about a member. */
function appendNotice(text) {
  const item = document.createElement('li');
  item.className = 'notice';
  item.textContent = text;
  addToConversation(item);
}

function addToConversation(item) {
  const list = $('messages');
  const atBottom = isAtBottom(list);
  list.append(item);
  if (atBottom) {
    list.scrollTop = list.scrollHeight;
  }
}

/**
 * Keeps the newest message in view when the list gets shorter (a phone's keyboard opens, the phone
 * turns) unless the user had scrolled up to read.
 */
function keepEndInViewOnResize(list) {
  let atBottom = true;
  list.addEventListener('scroll', () => {
    atBottom = isAtBottom(list);
  });
  new ResizeObserver(() => {
    if (atBottom) {
      list.scrollTop = list.scrollHeight;
    }
  }).observe(list);
}

function renderMembers(members) {
  const list = $('members');
  list.replaceChildren(...members.map((nickname) => {
    const item = document.createElement('li');
    item.textContent = nickname;
    return item;
  }));
}

// ---- wiring

$('join-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const nickname = $('nickname').value.trim();
  const room = $('room-name').value.trim();
  if (!nickname || !room) {
    return;
  }
  showLobbyError('');
  state.nickname = nickname;
  state.room = room;
  state.lastId = null;
  state.shownRoom = null;
  state.leaving = false;
  state.connectedOnce = false;
  state.retries = 0;
  connect();
});

$('composer').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = $('message-input');
  const text = input.value;
  if (!text.trim() || !state.socket || !state.joined || state.messageTooLong) {
    return; // a message too long already says so under the box
  }
  state.socket.send(JSON.stringify({ type: 'message', text }));
  input.value = '';
  checkMessageLength();
});

$('message-input').addEventListener('input', checkMessageLength);

$('leave-button').addEventListener('click', leave);
$('retry-button').addEventListener('click', retryNow);
keepEndInViewOnResize($('messages'));

loadConfig().then(() => {
  showLobby();
  setInterval(refreshRooms, 5000);
}).catch(() => {
  setStatus('idle', 'Cannot reach the chat server: reload the page to try again');
});
