// The example deck's stepping: → and ← (and PageDown/PageUp, space, clicks on a remote) first
// step the Brokerlab embed on the current slide, then change slides at the run's ends. Embeds
// report { type: 'brokerlab:position', id, position, total } after every change; the deck keeps
// the last report per embed to know whether a run is at its start or end.
//
// Messages name their origin both ways: commands are posted to the embed's own origin (never
// '*'), and reports are read only from an embed of this deck at that origin. The embeds are
// served next to this deck, so they need no `allowedOrigin` (it defaults to their own origin);
// a deck on another site adds `allowedOrigin=<its origin>` to each embed's address.
(function () {
  'use strict';
  var slides = Array.prototype.slice.call(document.querySelectorAll('.slide'));
  var current = 0;
  var positions = {}; // embed id -> last report

  function embedOf(slide) {
    return slide.querySelector('iframe');
  }

  function originOf(frame) {
    return new URL(frame.src, location.href).origin;
  }

  function send(frame, command) {
    frame.contentWindow.postMessage(command, originOf(frame));
  }

  function frameOf(source) {
    var frames = document.querySelectorAll('iframe');
    for (var i = 0; i < frames.length; i++) if (frames[i].contentWindow === source) return frames[i];
    return null;
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
    var frame = frameOf(event.source);
    if (!frame || event.origin !== originOf(frame)) return;
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
