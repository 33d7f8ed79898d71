// The example deck's stepping: → and ← (and PageDown/PageUp, space, clicks on a remote) first
// step the Brokerlab embed on the current slide, then change slides at the run's ends. Embeds
// report { type: 'brokerlab:position', id, position, total } after every change; the deck keeps
// the last report per embed to know whether a run is at its start or end.
(function () {
  'use strict';
  var slides = Array.prototype.slice.call(document.querySelectorAll('.slide'));
  var current = 0;
  var positions = {}; // embed id -> last report

  function embedOf(slide) {
    return slide.querySelector('iframe');
  }

  function send(frame, command) {
    frame.contentWindow.postMessage(command, '*');
  }

  function show(index) {
    current = Math.max(0, Math.min(index, slides.length - 1));
    slides.forEach(function (s, i) { s.classList.toggle('active', i === current); });
    document.getElementById('slide-number').textContent = (current + 1) + ' / ' + slides.length;
    render();
  }

  function render() {
    var frame = embedOf(slides[current]);
    var report = frame && positions[frame.id];
    document.getElementById('status').textContent = report ? 'step ' + report.position + ' of ' + report.total + (report.caption ? ' — ' + report.caption : '') : '';
  }

  function forward() {
    var frame = embedOf(slides[current]);
    var report = frame && positions[frame.id];
    if (report && report.position < report.total) send(frame, { type: 'next' });
    else show(current + 1);
  }

  function backward() {
    var frame = embedOf(slides[current]);
    var report = frame && positions[frame.id];
    if (report && report.position > 0) send(frame, { type: 'prev' });
    else show(current - 1);
  }

  window.addEventListener('message', function (event) {
    var data = event.data;
    if (!data || typeof data.type !== 'string' || data.type.indexOf('brokerlab:') !== 0 || !data.id) return;
    if (data.type === 'brokerlab:position' || data.type === 'brokerlab:ready') positions[data.id] = data;
    render();
  });

  document.addEventListener('keydown', function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (['ArrowRight', 'PageDown', ' '].indexOf(event.key) >= 0) { event.preventDefault(); forward(); }
    if (['ArrowLeft', 'PageUp'].indexOf(event.key) >= 0) { event.preventDefault(); backward(); }
  });

  window.brokerlabDeck = { forward: forward, backward: backward, show: show, positions: positions };
  show(0);
})();
