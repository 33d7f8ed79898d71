// The example deck's stepping: → and ← (and PageDown/PageUp, space, clicks on a remote) first
// step the Brokerlab embed on the current slide, then change slides at the run's ends. Embeds
// report { type: 'brokerlab:position', id, position, total } after every change; the deck keeps
// the last report per embed to know whether a run is at its start or end.
//
// Messages name their origin both ways: commands are posted to the embed's own origin (never
// '*'), and reports are read only from an embed of this deck at that origin. The embeds are
// served next to this deck, so they need no `allowedOrigin` (it defaults to their own origin);
// a deck on another site adds `allowedOrigin=<its origin>` to each embed's address.
//
// A run of your own joins the deck as a slide before the last one: open
// `deck.html#/share/<payload>` with the payload of a share link (a scenario made in the editor
// included). The payload only passes through, in the iframe's address: the embed reads it as
// untrusted data, validates it and shows what is wrong; the deck accepts nothing but the codec's
// characters and never writes it into HTML.
(function () {
  'use strict';
  addSharedSlide();
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

  function addSharedSlide() {
    var m = /^#\/share\/([A-Za-z0-9._-]{1,60000})$/.exec(location.hash);
    var all = document.querySelectorAll('.slide');
    if (!m || all.length === 0) return;
    var slide = document.createElement('section');
    slide.className = 'slide';
    slide.setAttribute('data-testid', 'slide-shared');
    var title = document.createElement('h2');
    title.textContent = 'Your run';
    var frame = document.createElement('iframe');
    frame.id = 'shared';
    frame.title = 'Brokerlab: a shared run';
    frame.src = 'embed.html?steps=key&controls=0&topology=1&id=shared&theme=light#/share/' + m[1];
    slide.appendChild(title);
    slide.appendChild(frame);
    all[all.length - 1].parentNode.insertBefore(slide, all[all.length - 1]);
  }

  window.brokerlabDeck = { forward: forward, backward: backward, show: show, positions: positions };
  show(0);
})();
