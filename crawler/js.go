package crawler

// bindingName is the CDP binding through which the page hook reports
// dataLayer pushes.
const bindingName = "__tagspecCapture"

// hookScript runs in every document before its own scripts. It notes the
// URL of every collection request the page (or a same-process frame)
// issues, and in the top document it wraps the
// push method of window.dataLayer (the array that exists, one the page
// creates, or one it assigns later) and reports every pushed value, with
// gtag() argument lists turned into arrays, through the binding. Values are
// serialized without DOM nodes, functions or cycles.
const hookScript = `(function () {
  if (window.__tagspecHooked) { return; }
  var report = window.` + bindingName + `;
  if (typeof report !== 'function') { return; }
  Object.defineProperty(window, '__tagspecHooked', { value: true });
  var top = window.top === window;
  function serialize(value) {
    var seen = [];
    return JSON.stringify(value, function (key, v) {
      if (typeof v === 'function' || typeof v === 'symbol') { return undefined; }
      if (typeof Node !== 'undefined' && v instanceof Node) {
        return '<' + (v.nodeName || '').toLowerCase() + (v.id ? '#' + v.id : '') + '>';
      }
      if (v && typeof v === 'object') {
        if (seen.indexOf(v) >= 0) { return undefined; }
        seen.push(v);
        if (Object.prototype.toString.call(v) === '[object Arguments]') { return Array.prototype.slice.call(v); }
      }
      return v;
    });
  }
  var reported = typeof WeakSet === 'function' ? new WeakSet() : null;
  function record(v) {
    if (reported && v && typeof v === 'object') { reported.add(v); }
    try {
      var s = serialize(v);
      report(JSON.stringify({ page: location.href, value: s === undefined ? 'null' : s }));
    } catch (e) { /* never break the page */ }
  }
  function hook(arr) {
    if (!Array.isArray(arr) || arr.__tagspecHooked) { return arr; }
    Object.defineProperty(arr, '__tagspecHooked', { value: true });
    for (var i = 0; i < arr.length; i++) {
      var v = arr[i];
      if (!(reported && v && typeof v === 'object' && reported.has(v))) { record(v); }
    }
    var push = arr.push;
    arr.push = function () {
      for (var i = 0; i < arguments.length; i++) { record(arguments[i]); }
      return push.apply(this, arguments);
    };
    return arr;
  }
  // /g/collect requests the page issues (sendBeacon, fetch, XHR, image
  // pixels), so that a flush can wait until each of them has been captured.
  // Each one is also reported through the binding at once, so the crawler
  // knows about it before the answer to its next command.
  var issued = [];
  Object.defineProperty(window, '__tagspecIssued', { value: issued });
  // The URL of the script that called into the hook: the first frame of
  // the stack below the hook's own frames (which carry no URL).
  function callerURL(err) {
    var lines = String(err && err.stack || '').split('\n');
    for (var i = 1; i < lines.length; i++) {
      var m = /(https?:\/\/[^\s()]+?):\d+:\d+\)?\s*$/.exec(lines[i]);
      if (m) { return m[1]; }
    }
    return '';
  }
  // Scripts that sent a collection request, whatever their URL (a tag
  // served from a first-party path, say): their timers are tag timers too.
  var senders = {};
  function note(u) {
    try {
      var href = new URL(String(u && u.url || u), location.href).href.split('#')[0];
      if (href.indexOf('/g/collect') >= 0) {
        var from = callerURL(new Error());
        if (from) { senders[from] = true; }
        issued.push(href);
        report(JSON.stringify({ issued: href }));
      }
    } catch (e) { /* not a URL */ }
  }
  // The tag clock. Google's tags hold every event after page_view in a
  // queue and send it from a timer of their own (5 s in every build
  // measured, see docs/real-tags.md), often started by another timer of
  // theirs (a scroll debounce, a history-change interval). The hook keeps
  // the timers that tag scripts set, due at a time of the tags' own clock,
  // which runs lead ms ahead of the page's; __tagspecFlushTags runs the tag
  // timers due within a budget at once, earliest first, moving the tags'
  // clock to each one's due time, so a timer set by one that ran is due
  // after it, as it would be, and the lead carries over to the next flush.
  // No event is dispatched and no other script's timer runs, so the page
  // observes nothing but the hits leaving earlier.
  var tagScript = /\/gtag\/js|\/gtm\.js|googletagmanager\.com\//;
  var nativeSet = window.setTimeout, nativeClear = window.clearTimeout;
  var timers = new Map(), lead = 0;
  window.setTimeout = new Proxy(nativeSet, { apply: function (target, self, args) {
    var fn = args[0];
    if (typeof fn !== 'function') { return Reflect.apply(target, window, args); }
    var delay = Math.max(0, Number(args[1]) || 0);
    var t = { fn: fn, args: Array.prototype.slice.call(args, 2), due: performance.now() + lead + delay, from: new Error() };
    var id = Reflect.apply(target, window, [function () { timers.delete(id); return fn.apply(this, t.args); }, delay]);
    timers.set(id, t);
    return id;
  } });
  window.clearTimeout = new Proxy(nativeClear, { apply: function (target, self, args) {
    timers.delete(args[0]);
    return Reflect.apply(target, window, args);
  } });
  function isTag(t) {
    if (t.url === undefined) { t.url = callerURL(t.from); t.from = null; }
    return t.url !== '' && (tagScript.test(t.url) || senders[t.url] === true);
  }
  function nextTask() {
    return new Promise(function (resolve) {
      var c = new MessageChannel();
      c.port1.onmessage = function () { resolve(); };
      c.port2.postMessage(0);
    });
  }
  Object.defineProperty(window, '__tagspecFlushTags', { value: async function (budget) {
    var horizon = performance.now() + lead + budget, ran = 0;
    for (var n = 0; n < 200; n++) {
      var best = null, bestID = 0;
      timers.forEach(function (t, id) {
        if (t.due <= horizon && (best === null || t.due < best.due) && isTag(t)) { best = t; bestID = id; }
      });
      if (best === null) { break; }
      timers.delete(bestID);
      nativeClear.call(window, bestID);
      lead = Math.max(lead, best.due - performance.now());
      try { best.fn.apply(window, best.args); } catch (e) {
        nativeSet.call(window, function () { throw e; }, 0);
      }
      ran++;
      // Let the promise jobs and tasks the timer started run, as they
      // would have after the real timer.
      await nextTask();
    }
    return ran;
  } });
  if (navigator.sendBeacon) {
    var beacon = navigator.sendBeacon;
    navigator.sendBeacon = function (u) { var ok = beacon.apply(this, arguments); if (ok) { note(u); } return ok; };
  }
  if (window.fetch) {
    var fetch = window.fetch;
    window.fetch = function (u) { note(u); return fetch.apply(this, arguments); };
  }
  var open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (m, u) { note(u); return open.apply(this, arguments); };
  var src = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, 'src');
  if (src && src.set) {
    Object.defineProperty(HTMLImageElement.prototype, 'src', {
      configurable: true, enumerable: src.enumerable,
      get: function () { return src.get.call(this); },
      set: function (v) { note(v); src.set.call(this, v); }
    });
  }
  // The dataLayer of the top document only: a frame's pushes are its own.
  if (!top) { return; }
  var current;
  Object.defineProperty(window, 'dataLayer', {
    configurable: true, enumerable: true,
    get: function () { return current; },
    set: function (v) { current = hook(v); }
  });
}());`

// flushScript runs the tag timers that are due within the tag clock's
// budget (its argument, in milliseconds) and resolves to how many ran; 0 in
// a document the hook never saw.
const flushScript = `(function (budget) {
  return window.__tagspecFlushTags ? window.__tagspecFlushTags(budget) : 0;
})`

// focusClearScript focuses the field sel names and empties it (firing input
// when it held text), ready for typed keys. Typing then goes through
// chromedp.KeyEvent to the focused element: chromedp's SendKeys reads the
// node's attributes without its lock and races with DOM events.
const focusClearScript = `(function (sel) {
  var el = document.querySelector(sel);
  if (!el) { throw new Error('no element matches ' + sel); }
  el.focus();
  if (document.activeElement !== el) { throw new Error(sel + ' cannot take the keyboard focus'); }
  if (typeof el.value === 'string' && el.value !== '') {
    el.value = '';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }
  return true;
})`

// selectScript sets a <select>'s value as a user would and fires input and
// change. It fails when the option does not exist.
const selectScript = `(function (sel, value) {
  var el = document.querySelector(sel);
  if (!el) { throw new Error('no element matches ' + sel); }
  if (el.tagName !== 'SELECT') { throw new Error(sel + ' is a <' + el.tagName.toLowerCase() + '>, not a <select>'); }
  var found = Array.prototype.some.call(el.options, function (o) { return o.value === value || o.text.trim() === value; });
  if (!found) { throw new Error(sel + ' has no option ' + JSON.stringify(value)); }
  Array.prototype.forEach.call(el.options, function (o) { if (o.value === value || o.text.trim() === value) { el.value = o.value; } });
  el.dispatchEvent(new Event('input', { bubbles: true }));
  el.dispatchEvent(new Event('change', { bubbles: true }));
  return true;
})`

// submitScript submits the form that sel names (or the form of the element
// sel names) with requestSubmit, so submit listeners and validation run.
const submitScript = `(function (sel) {
  var el = document.querySelector(sel);
  if (!el) { throw new Error('no element matches ' + sel); }
  var form = el.tagName === 'FORM' ? el : (el.form || el.closest('form'));
  if (!form) { throw new Error(sel + ' is not a form and is not inside one'); }
  var submitter = (el !== form && (el.type === 'submit' || el.type === 'image')) ? el : undefined;
  if (typeof form.requestSubmit === 'function') { form.requestSubmit(submitter); } else { form.submit(); }
  return true;
})`

// scrollScript scrolls to a percentage of the page height and waits two
// animation frames so that scroll listeners run.
const scrollScript = `(function (percent) {
  var el = document.scrollingElement || document.documentElement;
  var max = Math.max(0, el.scrollHeight - window.innerHeight);
  window.scrollTo(0, Math.round(max * percent / 100));
  return new Promise(function (resolve) {
    var done = function () { resolve(true); };
    requestAnimationFrame(function () { requestAnimationFrame(done); });
    setTimeout(done, 200);
  });
})`

// centerScript scrolls an element into view and returns the viewport
// coordinates of its center.
const centerScript = `(function (sel) {
  var el = document.querySelector(sel);
  if (!el) { throw new Error('no element matches ' + sel); }
  el.scrollIntoView({ block: 'center', inline: 'center' });
  var r = el.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) { throw new Error(sel + ' is not visible'); }
  return [r.left + r.width / 2, r.top + r.height / 2];
})`

// markTextScript finds the first visible element matching sel (or a link,
// button or submit input when sel is empty) whose trimmed text equals text,
// marks it with a data attribute and returns the marker value.
const markTextScript = `(function (sel, text, mark) {
  var list = document.querySelectorAll(sel || 'a, button, [role=button], input[type=submit], input[type=button], summary, label');
  for (var i = 0; i < list.length; i++) {
    var el = list[i];
    var t = (el.innerText || el.value || el.textContent || '').replace(/\s+/g, ' ').trim();
    if (t === text) { el.setAttribute('data-tagspec-click', mark); return true; }
  }
  return false;
})`

// playScript plays an HTML5 <video>/<audio> muted and seeks to a
// percentage of its duration, or, for a YouTube embed, drives the player
// through the iframe API's postMessage protocol.
const playScript = `(async function (sel, percent, timeoutMs) {
  var el = document.querySelector(sel);
  if (!el) { throw new Error('no element matches ' + sel); }
  function wait(target, type, ms) {
    return new Promise(function (resolve, reject) {
      var t = setTimeout(function () { reject(new Error(sel + ': no ' + type + ' event within ' + ms + ' ms')); }, ms);
      target.addEventListener(type, function () { clearTimeout(t); resolve(); }, { once: true });
    });
  }
  var media = (el.tagName === 'VIDEO' || el.tagName === 'AUDIO') ? el : el.querySelector('video, audio');
  if (media) {
    media.muted = true;
    if (!(media.duration > 0 && isFinite(media.duration))) {
      if (media.error) { throw new Error(sel + ': the media failed to load (code ' + media.error.code + ')'); }
      var meta = wait(media, 'loadedmetadata', timeoutMs);
      if (media.preload === 'none' || media.readyState === 0) { media.load(); }
      await meta;
    }
    try { await media.play(); } catch (e) { /* seeking still fires the progress events */ }
    var seeked = wait(media, 'seeked', timeoutMs);
    media.currentTime = media.duration * percent / 100;
    await seeked;
    await new Promise(function (r) { setTimeout(r, 50); });
    return 'html5';
  }
  var frame = el.tagName === 'IFRAME' ? el : el.querySelector('iframe');
  if (frame && /youtube(-nocookie)?\.com\/embed\//.test(frame.src)) {
    var info = window.__tagspecYouTube && window.__tagspecYouTube(frame);
    var deadline = Date.now() + timeoutMs;
    function post(func, args) {
      frame.contentWindow.postMessage(JSON.stringify({ event: 'command', func: func, args: args || [] }), '*');
    }
    while (!(info && info.duration > 0)) {
      if (Date.now() > deadline) { throw new Error(sel + ': the YouTube player did not report a duration within ' + timeoutMs + ' ms'); }
      frame.contentWindow.postMessage(JSON.stringify({ event: 'listening', id: 'tagspec', channel: 'widget' }), '*');
      await new Promise(function (r) { setTimeout(r, 100); });
      info = window.__tagspecYouTube && window.__tagspecYouTube(frame);
    }
    post('mute');
    post('playVideo');
    post('seekTo', [info.duration * percent / 100, true]);
    while (!(info.currentTime >= info.duration * percent / 100 - 0.5)) {
      if (Date.now() > deadline) { throw new Error(sel + ': the YouTube player did not reach ' + percent + '% within ' + timeoutMs + ' ms'); }
      await new Promise(function (r) { setTimeout(r, 100); });
      info = window.__tagspecYouTube(frame);
    }
    return 'youtube';
  }
  throw new Error(sel + ' is neither a <video>/<audio> element nor a YouTube embed');
})`

// youtubeScript runs in every top document before its scripts and records
// what YouTube embeds report through postMessage (duration, current time,
// player state), so play_video can drive them.
const youtubeScript = `(function () {
  if (window.top !== window || window.__tagspecYouTube) { return; }
  var players = [];
  window.addEventListener('message', function (ev) {
    if (typeof ev.data !== 'string' || !/^https:\/\/www\.youtube(-nocookie)?\.com$/.test(ev.origin)) { return; }
    var msg;
    try { msg = JSON.parse(ev.data); } catch (e) { return; }
    if (!msg || msg.event !== 'infoDelivery' && msg.event !== 'initialDelivery' || !msg.info) { return; }
    var p = null;
    for (var i = 0; i < players.length; i++) { if (players[i].source === ev.source) { p = players[i]; } }
    if (!p) { p = { source: ev.source, info: {} }; players.push(p); }
    for (var k in msg.info) { p.info[k] = msg.info[k]; }
  });
  Object.defineProperty(window, '__tagspecYouTube', { value: function (frame) {
    for (var i = 0; i < players.length; i++) { if (players[i].source === frame.contentWindow) { return players[i].info; } }
    return null;
  } });
}());`

// PageHook returns the script the crawler installs in every document
// before the page's own scripts (the dataLayer hook, the notes of
// collection requests and the tag clock, whose entry point is
// window.__tagspecFlushTags(budgetMs)), made to run without the crawler's
// binding, so that tests can check a tag against it outside a crawl.
func PageHook() string {
	return "if (typeof window." + bindingName + " !== 'function') { window." + bindingName + " = function () {}; }\n" + hookScript
}
