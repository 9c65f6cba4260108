// element_timer: time on an element. Every 250 ms, each element matching
// tagspec.selector that is at least half visible (or fills at least half of
// the viewport) while the page is visible gains the elapsed time; once it
// has been seen for tagspec.seconds, push tagspec.event once for it.
var tracked = [];
var last = new Date().getTime();

function visibleEnough(el) {
  var r = el.getBoundingClientRect();
  var vw = window.innerWidth || document.documentElement.clientWidth;
  var vh = window.innerHeight || document.documentElement.clientHeight;
  var w = Math.max(0, Math.min(r.right, vw) - Math.max(r.left, 0));
  var h = Math.max(0, Math.min(r.bottom, vh) - Math.max(r.top, 0));
  var seen = w * h;
  if (seen <= 0) { return false; }
  var area = r.width * r.height;
  return seen >= 0.5 * area || seen >= 0.5 * vw * vh;
}

function entryFor(el) {
  for (var i = 0; i < tracked.length; i++) {
    if (tracked[i].el === el) { return tracked[i]; }
  }
  var en = {el: el, ms: 0, done: false};
  tracked.push(en);
  return en;
}

function tick() {
  var now = new Date().getTime();
  var delta = now - last;
  last = now;
  if (document.visibilityState === 'hidden' || !tagspec.selector) { return; }
  var els = document.querySelectorAll(tagspec.selector);
  for (var i = 0; i < els.length; i++) {
    var en = entryFor(els[i]);
    if (en.done || !visibleEnough(els[i])) { continue; }
    en.ms += delta;
    if (en.ms >= tagspec.seconds * 1000) {
      en.done = true;
      push(els[i], {'tagspec.seconds': Math.round(en.ms / 100) / 10});
    }
  }
}

window.setInterval(tick, 250);
