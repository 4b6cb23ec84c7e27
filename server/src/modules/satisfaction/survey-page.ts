import { PUBLIC_PAGE_SCRIPT, publicPageHtml } from '../../common/http/public-page';

/** The one-page survey (GET /survey/): the token comes in the fragment (#t=...), answers go as JSON. */
export const SURVEY_PAGE_HTML = publicPageHtml({
  path: 'survey',
  title: 'Survey',
  content: `  <form class="card" id="survey" hidden>
    <fieldset>
      <legend><label data-t="experience"></label></legend>
      <div class="scale" id="experience"></div>
    </fieldset>
    <fieldset>
      <legend><label data-t="expectation"></label></legend>
      <div class="scale" id="expectation"></div>
    </fieldset>
    <p class="hint" data-t="hint"></p>
    <button type="submit" id="send" data-t="send"></button>
  </form>
  <div class="card" id="thanks" hidden>
    <p data-t="thanks"></p>
    <p class="result" id="result"></p>
  </div>`,
});

export const SURVEY_PAGE_JS = `(function () {
  'use strict';
  var TEXT = {
    en: {
      title: 'How did we do?',
      experience: '1. How was your experience with us today?',
      expectation: '2. Before contacting us, how good did you expect it to be?',
      e1: 'Very poor', e2: 'Poor', e3: 'Fair', e4: 'Good', e5: 'Excellent',
      x1: 'Very little', x2: 'Little', x3: 'Fair', x4: 'Good', x5: 'Excellent',
      hint: 'Satisfaction = experience minus expectation: 0 means as expected, above 0 better than expected.',
      send: 'Send', thanks: 'Thank you for your answers.',
      result: 'Your satisfaction: {s} (experience {e} minus expectation {x})',
      invalid: 'This survey link is not valid.', answered: 'This survey was answered already. Thank you!',
      expired: 'This survey has expired.', failed: 'Your answers could not be sent. Please try again.',
      choose: 'Please answer both questions.'
    },
    'zh-CN': {
      title: '我们的服务怎么样？',
      experience: '1. 您对本次服务的体验如何？',
      expectation: '2. 联系我们之前，您期望的服务水平如何？',
      e1: '很差', e2: '差', e3: '一般', e4: '好', e5: '很好',
      x1: '很低', x2: '低', x3: '一般', x4: '高', x5: '很高',
      hint: '满意度 = 体验 − 期望：0 表示符合预期，大于 0 表示超出预期。',
      send: '提交', thanks: '感谢您的回答。',
      result: '您的满意度：{s}（体验 {e} 减期望 {x}）',
      invalid: '此调查链接无效。', answered: '此调查已经回答过了，谢谢！',
      expired: '此调查已过期。', failed: '提交失败，请重试。',
      choose: '请回答两个问题。'
    }
  };
  var params = new URLSearchParams(location.hash.slice(1));
  var token = params.get('t') || '';
  var lang = params.get('lang') || (navigator.language && navigator.language.toLowerCase().indexOf('zh') === 0 ? 'zh-CN' : 'en');
${PUBLIC_PAGE_SCRIPT}  var state = { problem: null, result: null };

  function scale(id, prefix) {
    var box = $(id);
    var checked = box.querySelector('input:checked');
    var value = checked ? checked.value : null;
    box.textContent = '';
    for (var i = 1; i <= 5; i++) {
      var label = document.createElement('label');
      var input = document.createElement('input');
      input.type = 'radio'; input.name = id; input.value = String(i);
      if (value === String(i)) input.checked = true;
      label.appendChild(input);
      label.appendChild(document.createTextNode(i + ' ' + t(prefix + i)));
      box.appendChild(label);
    }
  }

  function render() {
    renderTexts();
    scale('experience', 'e');
    scale('expectation', 'x');
    $('problem').hidden = !state.problem;
    $('problem').textContent = state.problem ? t(state.problem) : '';
    if (state.result) {
      var r = state.result;
      var s = r.satisfaction > 0 ? '+' + r.satisfaction : String(r.satisfaction);
      $('result').textContent = t('result').replace('{s}', s).replace('{e}', r.experience).replace('{x}', r.expectation);
    }
  }

  function post(path, body) {
    return fetch(path, { method: 'POST', credentials: 'omit', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      .then(function (response) { return response.json().then(function (data) { return { status: response.status, body: data }; }); });
  }

  function problemOf(body) {
    var code = body && body.code;
    if (code === 'SURVEY_ALREADY_ANSWERED') return 'answered';
    if (code === 'SURVEY_EXPIRED') return 'expired';
    if (code === 'SURVEY_NOT_FOUND' || code === 'VALIDATION_FAILED') return 'invalid';
    return 'failed';
  }

  document.addEventListener('DOMContentLoaded', function () {
    listenToLanguageButtons();
    renderWithFont();
    if (!token) { state.problem = 'invalid'; render(); return; }
    post('/api/surveys/lookup', { token: token }).then(function (answer) {
      if (answer.status !== 200) { state.problem = problemOf(answer.body); return render(); }
      if (!params.get('lang') && answer.body.language && answer.body.language.indexOf('zh') === 0) lang = 'zh-CN';
      if (answer.body.status === 'answered') state.problem = 'answered';
      else if (answer.body.status === 'expired') state.problem = 'expired';
      else $('survey').hidden = false;
      render();
    }, function () { state.problem = 'failed'; render(); });

    $('survey').addEventListener('submit', function (event) {
      event.preventDefault();
      var experience = document.querySelector('input[name=experience]:checked');
      var expectation = document.querySelector('input[name=expectation]:checked');
      if (!experience || !expectation) { state.problem = 'choose'; return render(); }
      $('send').disabled = true;
      post('/api/surveys/answer', { token: token, experience: Number(experience.value), expectation: Number(expectation.value) }).then(function (answer) {
        $('send').disabled = false;
        if (answer.status !== 200 && answer.status !== 201) { state.problem = problemOf(answer.body); return render(); }
        state.problem = null;
        state.result = answer.body;
        $('survey').hidden = true;
        $('thanks').hidden = false;
        render();
      }, function () { $('send').disabled = false; state.problem = 'failed'; render(); });
    });
  });
})();
`;
