import { PUBLIC_PAGE_SCRIPT, publicPageHtml } from '../../common/http/public-page';

/** The customer chat page (GET /chat/): start a chat, talk, leave, then answer the survey. */
export const CHAT_PAGE_HTML = publicPageHtml({
  path: 'chat',
  title: 'Chat',
  scriptsBefore: ['socket.io.min.js'],
  content: `  <form class="card" id="start">
    <label for="name" data-t="name"></label>
    <input type="text" id="name" maxlength="120" required autocomplete="name">
    <label for="email" data-t="email"></label>
    <input type="email" id="email" maxlength="254" autocomplete="email">
    <p><button type="submit" id="begin" data-t="start"></button></p>
  </form>
  <section id="talk" hidden>
    <p class="hint" id="status" aria-live="polite"></p>
    <div class="log" id="log" aria-live="polite"></div>
    <div class="typing" id="typing" aria-live="polite"></div>
    <form class="composer" id="composer">
      <textarea id="text" maxlength="2000" rows="2" aria-label="Message"></textarea>
      <button type="submit" id="send" data-t="send"></button>
    </form>
    <p><button type="button" class="secondary" id="leave" data-t="leave"></button></p>
  </section>
  <section id="survey" hidden>
    <p data-t="rate"></p>
    <iframe class="survey" id="surveyFrame" title="Survey"></iframe>
  </section>`,
});

export const CHAT_PAGE_JS = `(function () {
  'use strict';
  var TEXT = {
    en: {
      title: 'Chat with us', name: 'Your name', email: 'E-mail (optional)', start: 'Start chat', send: 'Send', leave: 'End chat',
      waiting: 'Waiting for an agent…', connected: 'You are chatting with {a}.', ended: 'The chat has ended.',
      endedByAgent: 'The agent ended the chat.', endedByCustomer: 'You ended the chat.', typing: '{a} is typing…', agent: 'Agent', you: 'You',
      rate: 'Please tell us how it went:', failed: 'Something went wrong. Please try again.', limited: 'Too many messages; wait a moment.',
      tooLong: 'A message is at most 2000 characters.'
    },
    'zh-CN': {
      title: '在线咨询', name: '您的姓名', email: '电子邮箱（可选）', start: '开始咨询', send: '发送', leave: '结束对话',
      waiting: '正在等待客服…', connected: '客服 {a} 正在为您服务。', ended: '对话已结束。',
      endedByAgent: '客服结束了对话。', endedByCustomer: '您结束了对话。', typing: '{a} 正在输入…', agent: '客服', you: '我',
      rate: '请评价本次服务：', failed: '出错了，请重试。', limited: '消息太多，请稍候。', tooLong: '每条消息最多 2000 个字符。'
    }
  };
  var params = new URLSearchParams(location.search);
  var lang = params.get('lang') === 'zh-CN' || (!params.get('lang') && navigator.language && navigator.language.toLowerCase().indexOf('zh') === 0) ? 'zh-CN' : 'en';
  var KEY = 'cc-chat';
  var state = { status: null, agentName: '', endedBy: null, problem: null, typing: false, messages: [], seen: {} };
  var socket = null;
  var chat = null;
  var typingTimer = null;
  var typingSent = false;

${PUBLIC_PAGE_SCRIPT}
  function render() {
    renderTexts();
    $('text').setAttribute('aria-label', t('send'));
    $('problem').hidden = !state.problem;
    $('problem').textContent = state.problem ? t(state.problem) : '';
    $('start').hidden = Boolean(chat);
    $('talk').hidden = !chat;
    var status = '';
    if (state.status === 'waiting') status = t('waiting');
    else if (state.status === 'connected') status = t('connected').replace('{a}', state.agentName || t('agent'));
    else if (state.status === 'ended') status = state.endedBy === 'agent' ? t('endedByAgent') : state.endedBy === 'customer' ? t('endedByCustomer') : t('ended');
    $('status').textContent = status;
    $('typing').textContent = state.typing && state.status !== 'ended' ? t('typing').replace('{a}', state.agentName || t('agent')) : '';
    var ended = state.status === 'ended';
    $('composer').hidden = ended;
    $('leave').hidden = ended;
    var log = $('log');
    log.textContent = '';
    state.messages.forEach(function (message) {
      var item = document.createElement('div');
      item.className = 'msg ' + message.author;
      item.setAttribute('data-author', message.author);
      var who = document.createElement('span');
      who.className = 'who';
      who.textContent = message.author === 'customer' ? t('you') : (message.agentName || t('agent'));
      item.appendChild(who);
      item.appendChild(document.createTextNode(message.body));
      log.appendChild(item);
    });
    log.scrollTop = log.scrollHeight;
  }

  function add(message) {
    if (state.seen[message.id]) return;
    state.seen[message.id] = true;
    state.messages.push(message);
  }

  function showSurvey(path) {
    var frame = $('surveyFrame');
    var target = path + '&lang=' + encodeURIComponent(lang);
    if (frame.getAttribute('src') !== target) frame.setAttribute('src', target);
    $('survey').hidden = false;
  }

  function connect() {
    socket = io('/chat', { path: '/socket.io', auth: { token: chat.token }, transports: ['websocket', 'polling'] });
    socket.on('connect_error', function (error) {
      if (error && error.data && error.data.code === 'CHAT_NOT_FOUND') { sessionStorage.removeItem(KEY); chat = null; socket.disconnect(); state.problem = 'failed'; render(); }
    });
    socket.on('chat:transcript', function (transcript) {
      state.status = transcript.status;
      state.agentName = transcript.agentName || state.agentName;
      state.endedBy = transcript.endedBy;
      transcript.messages.forEach(add);
      render();
    });
    socket.on('chat:message', function (message) { add(message); if (message.author === 'agent') state.typing = false; render(); });
    socket.on('chat:typing', function (notice) { if (notice.author === 'agent') { state.typing = notice.typing; render(); } });
    socket.on('chat:agent', function (joined) { state.status = 'connected'; state.agentName = joined.agentName; render(); });
    socket.on('chat:ended', function (ended) { state.status = 'ended'; state.endedBy = ended.endedBy; state.typing = false; render(); });
    socket.on('chat:survey', function (survey) { showSurvey(survey.surveyPath); });
  }

  function sendTyping(typing) {
    if (!socket || typingSent === typing) return;
    typingSent = typing;
    socket.emit('chat:typing', { typing: typing });
  }

  document.addEventListener('DOMContentLoaded', function () {
    listenToLanguageButtons();
    try { chat = JSON.parse(sessionStorage.getItem(KEY) || 'null'); } catch (e) { chat = null; }
    renderWithFont();
    if (chat) connect();

    $('start').addEventListener('submit', function (event) {
      event.preventDefault();
      $('begin').disabled = true;
      var body = { name: $('name').value.trim(), language: lang };
      if ($('email').value.trim()) body.email = $('email').value.trim();
      fetch('/api/chats', { method: 'POST', credentials: 'omit', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
        .then(function (response) { return response.json().then(function (data) { return { status: response.status, body: data }; }); })
        .then(function (answer) {
          $('begin').disabled = false;
          if (answer.status !== 201 && answer.status !== 200) { state.problem = answer.status === 429 ? 'limited' : 'failed'; return render(); }
          state.problem = null;
          chat = { chatId: answer.body.chatId, token: answer.body.token };
          sessionStorage.setItem(KEY, JSON.stringify(chat));
          state.status = 'waiting';
          render();
          connect();
        }, function () { $('begin').disabled = false; state.problem = 'failed'; render(); });
    });

    $('composer').addEventListener('submit', function (event) {
      event.preventDefault();
      var text = $('text').value.trim();
      if (!text || !socket) return;
      if (text.length > 2000) { state.problem = 'tooLong'; return render(); }
      $('send').disabled = true;
      socket.emit('chat:send', { body: text }, function (ack) {
        $('send').disabled = false;
        if (!ack || !ack.ok) { state.problem = ack && ack.error && ack.error.code === 'CHAT_RATE_LIMITED' ? 'limited' : 'failed'; return render(); }
        state.problem = null;
        $('text').value = '';
        add(ack.data);
        sendTyping(false);
        render();
      });
    });

    $('text').addEventListener('keydown', function (event) {
      if (event.key === 'Enter' && !event.shiftKey) { event.preventDefault(); $('composer').requestSubmit(); }
    });
    $('text').addEventListener('input', function () {
      sendTyping($('text').value.length > 0);
      clearTimeout(typingTimer);
      typingTimer = setTimeout(function () { sendTyping(false); }, 3000);
    });

    $('leave').addEventListener('click', function () {
      if (!socket) return;
      $('leave').disabled = true;
      socket.emit('chat:leave', {}, function (ack) {
        $('leave').disabled = false;
        if (ack && ack.ok) { state.status = 'ended'; state.endedBy = ack.data.endedBy; render(); }
      });
    });
  });
})();
`;
