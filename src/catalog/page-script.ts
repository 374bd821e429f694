/** The catalog page's script: search and copy buttons, inline and pinned by its hash like the style. Plain ES5, no imports. */
export const PAGE_SCRIPT = `
(function () {
  'use strict';
  var box = document.getElementById('search-box');
  var input = document.getElementById('search');
  var status = document.getElementById('search-status');
  var announce = document.getElementById('copy-status');
  var profiles = Array.prototype.slice.call(document.querySelectorAll('article.profile'));
  var sections = Array.prototype.slice.call(document.querySelectorAll('section.environment'));

  function filter() {
    var terms = input.value.toLowerCase().split(/\\s+/).filter(function (t) { return t !== ''; });
    var shown = 0;
    profiles.forEach(function (profile) {
      var text = profile.getAttribute('data-search') || '';
      var match = terms.every(function (t) { return text.indexOf(t) !== -1; });
      profile.hidden = !match;
      if (match) shown += 1;
    });
    sections.forEach(function (section) {
      section.hidden = section.querySelector('article.profile:not([hidden])') === null;
    });
    status.textContent = terms.length === 0 ? '' : shown === 0 ? 'No profile matches.' :
      'Showing ' + shown + ' of ' + profiles.length + ' profiles.';
  }

  function copyWithSelection(text) {
    var area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.setAttribute('aria-hidden', 'true');
    area.className = 'copy-buffer';
    document.body.appendChild(area);
    area.select();
    var copied = false;
    try { copied = document.execCommand('copy'); } catch (e) { copied = false; }
    document.body.removeChild(area);
    return copied;
  }

  function copy(text) {
    if (navigator.clipboard && typeof navigator.clipboard.writeText === 'function') {
      return navigator.clipboard.writeText(text).then(
        function () { return true; },
        function () { return copyWithSelection(text); });
    }
    return Promise.resolve(copyWithSelection(text));
  }

  function selectBlock(block) {
    var range = document.createRange();
    range.selectNodeContents(block);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  Array.prototype.forEach.call(document.querySelectorAll('button.copy'), function (button) {
    var timer;
    button.hidden = false;
    button.addEventListener('click', function () {
      var block = document.getElementById(button.getAttribute('data-copy'));
      copy(block.textContent).then(function (copied) {
        button.textContent = copied ? 'Copied' : 'Press Ctrl+C';
        button.classList.toggle('copied', copied);
        if (!copied) selectBlock(block);
        announce.textContent = copied ? 'Copied ' + button.getAttribute('data-name') + ' to the clipboard.' :
          'Could not copy; the lines are selected, press Ctrl+C.';
        clearTimeout(timer);
        timer = setTimeout(function () {
          button.textContent = 'Copy';
          button.classList.remove('copied');
        }, 2000);
      });
    });
  });

  input.addEventListener('input', filter);
  box.hidden = false;
  filter();
})();
`;
