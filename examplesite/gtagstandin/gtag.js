/*
 * tagspec's stand-in for Google's gtag.js.
 *
 * The example site and tagspec's browser tests load this script where a
 * real site loads https://www.googletagmanager.com/gtag/js?id=G-...: CI may
 * not run Google's code, so this small script of tagspec's own plays its
 * part. It must behave like the real builds on every point of the contract
 * in docs/real-tags.md (contract.go holds the same points as data, and
 * contract_test.go checks this script against them in Chromium):
 *
 *   - page_view leaves at once after config, as a single-event POST with
 *     everything in the URL and an empty body;
 *   - every later event waits in a queue; a 5,000 ms timer, started by the
 *     first queued event, sends the queue as one POST (shared parameters in
 *     the URL, one event per body line, lines joined with \r\n); a queue
 *     that reaches 20 events leaves at once;
 *   - pagehide sends the queue at once; visibilitychange does NOT (the real
 *     builds ignore it);
 *   - dl is the page URL without its port, as the real builds send it;
 *   - the first hit of a page carries _fv (new client), _ss and _nsi (new
 *     session), and seg=0 until the session's second page;
 *   - consent mode: with analytics_storage denied, a page that sets
 *     advanced_consent: true gets what a real build sends under a denied
 *     default (cookieless pings, gcs=G100, no _ga cookie); without it the
 *     events are held and leave when consent is granted, which is what a
 *     real build does on a site whose consent platform loads it only after
 *     the choice (the dataLayer backlog is processed then). A consent update
 *     sends the queue at once, under the state before the update.
 *
 * Transports (config option transport): "fetch" (fetch keepalive POST, as
 * the 2024-2025 builds send; the default), "beacon" (navigator.sendBeacon,
 * as the 2021-2023 builds send) and "image" (GET through an image request,
 * single events only). An event with transport_type: 'beacon' is sent at
 * once instead of queued.
 *
 * Object pushes with an "event" key (GTM style) are not sent; pages react to
 * them with tagspecTag.on(name, fn), the way a GTM custom-event trigger would.
 */
(function () {
  'use strict';
  var w = window, d = document;
  if (w.tagspecTag) { return; }

  var FLUSH_MS = 5000, MAX_EVENTS = 20, MAX_BYTES = 16384, MAX_URL = 2048;
  var SHARED = ['sid', 'sct', 'seg', 'dl', 'dt', 'dr', 'cu', 'uid'];
  var ITEM_CODES = {
    item_id: 'id', item_name: 'nm', item_brand: 'br', item_category: 'ca',
    item_category2: 'c2', item_category3: 'c3', item_category4: 'c4', item_category5: 'c5',
    item_variant: 'va', price: 'pr', quantity: 'qt', coupon: 'cp', item_list_name: 'ln',
    item_list_id: 'li', index: 'lp', discount: 'ds', affiliation: 'af', promotion_id: 'pi',
    promotion_name: 'pn', creative_name: 'cn', creative_slot: 'cs', location_id: 'lo'
  };

  var st = {
    tid: '', endpoint: 'https://www.google-analytics.com/g/collect', transport: 'fetch',
    sendPageView: true, advanced: false, consentMode: false,
    defaults: {}, updates: {}, userProps: {}, hooks: {},
    queue: [], held: [], timer: 0, seq: 0, lastSend: Date.now(),
    pageLoad: String(Date.now()), configured: false
  };

  // pageURL is the page's URL without its port, as the real builds send dl.
  function pageURL() {
    try { var u = new URL(location.href); u.port = ''; return u.href; } catch (e) { return location.href; }
  }

  function cookie(name) {
    var m = d.cookie.match(new RegExp('(?:^|; )' + name + '=([^;]*)'));
    return m ? decodeURIComponent(m[1]) : '';
  }
  function setCookie(name, value) {
    d.cookie = name + '=' + encodeURIComponent(value) + '; path=/; max-age=63072000; SameSite=Lax';
  }

  function consentOf(type) {
    if (type in st.updates) { return st.updates[type]; }
    if (type in st.defaults) { return st.defaults[type]; }
    return '';
  }
  function analyticsAllowed() {
    return !st.consentMode || consentOf('analytics_storage') === 'granted';
  }
  function gcsDigit(type) {
    var v = consentOf(type);
    return v === 'granted' ? '1' : v === 'denied' ? '0' : '-';
  }
  function gcdLetter(type) {
    var def = st.defaults[type], upd = st.updates[type];
    if (def === undefined && upd === undefined) { return 'l'; }
    if (upd === undefined) { return def === 'granted' ? 't' : 'p'; }
    if (def === undefined) { return upd === 'granted' ? 'n' : 'm'; }
    if (def === 'granted') { return upd === 'granted' ? 'v' : 'u'; }
    return upd === 'granted' ? 'r' : 'q';
  }

  // The client and the session, read once per page: newClient and
  // newSession mark the page that created them (_fv, _ss and _nsi go on its
  // first hit), pages counts the session's pages (seg is 1 from the second).
  var visit = null;
  function clientID() {
    var ga = cookie('_ga');
    if (ga) { return ga.replace(/^GA1\.1\./, ''); }
    var cid = Math.floor(Math.random() * 2147483647) + '.' + Math.floor(Date.now() / 1000);
    if (analyticsAllowed()) { setCookie('_ga', 'GA1.1.' + cid); }
    return cid;
  }
  function session() {
    if (visit) { return visit; }
    var ga = cookie('_ga'), s = cookie('_tagspec_s');
    visit = { newClient: !ga, newSession: !s };
    if (!s) { s = Math.floor(Date.now() / 1000) + '.1.0'; }
    var p = s.split('.');
    visit.sid = p[0];
    visit.sct = p[1] || '1';
    visit.pages = (parseInt(p[2], 10) || 0) + 1;
    if (analyticsAllowed()) { setCookie('_tagspec_s', visit.sid + '.' + visit.sct + '.' + visit.pages); }
    return visit;
  }

  function enc(v) { return encodeURIComponent(String(v)); }

  function itemValue(item) {
    var parts = [], custom = 0;
    Object.keys(item).forEach(function (k) {
      var v = item[k];
      if (v === undefined || v === null || typeof v === 'object') { return; }
      var s = String(v).replace(/~/g, '~~');
      if (ITEM_CODES[k]) {
        parts.push(ITEM_CODES[k] + s);
      } else if (custom < 27) {
        var i = custom < 10 ? String(custom) : String.fromCharCode(65 + custom - 10);
        parts.push('k' + i + String(k).replace(/~/g, '~~'), 'v' + i + s);
        custom++;
      }
    });
    return parts.join('~');
  }

  // eventPairs returns the [key, value] pairs of one event's own part.
  function eventPairs(name, params) {
    var pairs = [['en', name]];
    Object.keys(params || {}).forEach(function (k) {
      var v = params[k];
      if (v === undefined || v === null) { return; }
      if (k === 'items' && Array.isArray(v)) {
        v.slice(0, 200).forEach(function (it, i) { pairs.push(['pr' + (i + 1), itemValue(it || {})]); });
      } else if (k === 'currency') {
        pairs.push(['cu', String(v)]);
      } else if (k === 'user_id') {
        pairs.push(['uid', String(v)]);
      } else if (typeof v === 'number') {
        pairs.push(['epn.' + k, String(v)]);
      } else if (typeof v !== 'object' && typeof v !== 'function') {
        pairs.push(['ep.' + k, String(v)]);
      }
    });
    Object.keys(st.userProps).forEach(function (k) {
      var v = st.userProps[k];
      if (typeof v === 'number') { pairs.push(['upn.' + k, String(v)]); }
      else if (v !== undefined && v !== null) { pairs.push(['up.' + k, String(v)]); }
    });
    return pairs;
  }

  function sharedPairs() {
    var s = session(), pairs = [['sid', s.sid], ['sct', s.sct], ['seg', s.pages > 1 ? '1' : '0'],
      ['dl', pageURL()], ['dt', d.title]];
    if (d.referrer) { pairs.push(['dr', d.referrer]); }
    return pairs;
  }

  function requestPairs() {
    var pairs = [['v', '2'], ['tid', st.tid], ['gtm', '45tagspec0'], ['_p', st.pageLoad]];
    if (st.consentMode) {
      pairs.push(['gcs', 'G1' + gcsDigit('ad_storage') + gcsDigit('analytics_storage')]);
      pairs.push(['gcd', '13' + gcdLetter('ad_storage') + '3' + gcdLetter('analytics_storage') + '3' +
        gcdLetter('ad_user_data') + '2' + gcdLetter('ad_personalization') + '5l1']);
    }
    if (analyticsAllowed()) { pairs.push(['cid', clientID()]); }
    pairs.push(['ul', (navigator.language || 'en-us').toLowerCase()]);
    pairs.push(['sr', screen.width + 'x' + screen.height]);
    return pairs;
  }

  function join(pairs) {
    return pairs.map(function (p) { return enc(p[0]) + '=' + enc(p[1]); }).join('&');
  }

  function send(url, body, transport) {
    if (transport === 'image' && !body) {
      var img = new Image(1, 1);
      img.src = url;
      return;
    }
    if (transport === 'beacon' || transport === 'image' || !w.fetch) {
      if (navigator.sendBeacon && navigator.sendBeacon(url, body || undefined)) { return; }
    }
    w.fetch(url, { method: 'POST', body: body || undefined, keepalive: true, mode: 'no-cors', credentials: 'include' })
      .catch(function () {});
  }

  // build turns queued events (each {name, params, shared, et}) into one request.
  function dispatch(events, transport) {
    if (!events.length) { return; }
    st.seq++;
    var base = requestPairs();
    if (st.seq === 1) {
      var v = session(), first = [];
      if (v.newClient) { first.push(['_fv', '1']); }
      if (v.newSession) { first.push(['_nsi', '1'], ['_ss', '1']); }
      events[0].first = first;
    }
    if (events.length === 1) {
      var e = events[0];
      var own = eventPairs(e.name, e.params).concat(e.first || [], [['_et', String(e.et)]]);
      var head = st.endpoint + '?' + join(base.concat([['_s', String(st.seq)]], e.shared));
      var url = head + '&' + join(own);
      if (url.length <= MAX_URL) { send(url, '', transport); } else { send(head, join(own), transport === 'image' ? 'fetch' : transport); }
      return;
    }
    // Shared parameters go in the URL when every event agrees on them.
    var common = [], first = events[0].shared;
    first.forEach(function (p) {
      var same = events.every(function (e) {
        return e.shared.some(function (q) { return q[0] === p[0] && q[1] === p[1]; });
      });
      if (same) { common.push(p); }
    });
    var lines = events.map(function (e) {
      var own = eventPairs(e.name, e.params).concat(e.first || [], [['_et', String(e.et)]]);
      e.shared.forEach(function (p) {
        if (!common.some(function (q) { return q[0] === p[0] && q[1] === p[1]; })) { own.push(p); }
      });
      return join(own);
    });
    var url2 = st.endpoint + '?' + join(base.concat(common, [['_s', String(st.seq)]]));
    send(url2, lines.join('\r\n'), transport === 'image' ? 'beacon' : transport);
  }

  function flush(transport) {
    if (st.timer) { clearTimeout(st.timer); st.timer = 0; }
    var q = st.queue;
    st.queue = [];
    var batch = [], bytes = 0;
    q.forEach(function (e) {
      var size = join(eventPairs(e.name, e.params)).length;
      if (batch.length && (batch.length >= MAX_EVENTS || bytes + size >= MAX_BYTES)) {
        dispatch(batch, transport);
        batch = [];
        bytes = 0;
      }
      batch.push(e);
      bytes += size;
    });
    dispatch(batch, transport);
  }

  // enqueue adds an event to the queue: a full queue leaves at once, and
  // the first event of an empty queue starts the timer that sends it.
  function enqueue(e) {
    st.queue.push(e);
    if (st.queue.length >= MAX_EVENTS) { flush(st.transport); return; }
    if (!st.timer) { st.timer = setTimeout(function () { st.timer = 0; flush(st.transport); }, FLUSH_MS); }
  }

  function track(name, params, now) {
    var t = Date.now();
    var e = { name: name, params: params || {}, shared: sharedPairs(), et: Math.max(1, t - st.lastSend) };
    st.lastSend = t;
    if (!analyticsAllowed()) {
      if (!st.advanced) { st.held.push(e); } else if (now) { dispatch([e], st.transport); } else { enqueue(e); }
      return;
    }
    if (now) { dispatch([e], st.transport); } else { enqueue(e); }
  }

  function consentChanged() {
    if (analyticsAllowed()) {
      var held = st.held;
      st.held = [];
      held.forEach(function (e) { if (e.name === 'page_view') { dispatch([e], st.transport); } else { enqueue(e); } });
    } else if (consentOf('analytics_storage') === 'denied' && st.updates.analytics_storage === 'denied') {
      st.held = [];
    }
  }

  function command(args) {
    var cmd = args[0];
    if (cmd === 'config') {
      st.tid = String(args[1] || '');
      var o = args[2] || {};
      if (o.transport_url) { st.endpoint = String(o.transport_url).replace(/\/$/, '') + '/g/collect'; }
      if (o.transport) { st.transport = o.transport; }
      if (o.advanced_consent) { st.advanced = true; }
      if (o.send_page_view === false) { st.sendPageView = false; }
      st.configured = true;
      if (st.sendPageView) { track('page_view', o.page_params || {}, true); }
    } else if (cmd === 'event') {
      if (!st.configured) { return; }
      var p = {}, now = false;
      Object.keys(args[2] || {}).forEach(function (k) {
        if (k === 'transport_type') { now = args[2][k] === 'beacon'; } else { p[k] = args[2][k]; }
      });
      track(String(args[1]), p, now);
    } else if (cmd === 'consent') {
      // An update sends the queue at once, under the state before it.
      if (args[1] === 'update' && st.queue.length) { flush(st.transport); }
      var target = args[1] === 'default' ? st.defaults : st.updates;
      Object.keys(args[2] || {}).forEach(function (k) { target[k] = args[2][k]; });
      st.consentMode = true;
      consentChanged();
    } else if (cmd === 'set' && args[1] === 'user_properties') {
      Object.keys(args[2] || {}).forEach(function (k) { st.userProps[k] = args[2][k]; });
    }
  }

  function handle(item) {
    if (Object.prototype.toString.call(item) === '[object Arguments]') {
      command(Array.prototype.slice.call(item));
    } else if (item && typeof item === 'object' && typeof item.event === 'string') {
      (st.hooks[item.event] || []).forEach(function (fn) { try { fn(item); } catch (err) { setTimeout(function () { throw err; }); } });
    }
  }

  w.tagspecTag = {
    on: function (event, fn) { (st.hooks[event] = st.hooks[event] || []).push(fn); },
    flush: function () { flush(st.transport); }
  };

  // Enhanced measurement: scroll past 90% of the page, once per page.
  var scrolled = false;
  w.addEventListener('scroll', function () {
    if (scrolled) { return; }
    var el = d.documentElement, max = el.scrollHeight - w.innerHeight;
    if (max > 0 && (w.scrollY || el.scrollTop) / max >= 0.9) {
      scrolled = true;
      track('scroll', { percent_scrolled: 90 });
    }
  }, { passive: true });

  // Leaving the page sends the queue; hiding it does not (the real builds
  // listen to visibilitychange for engagement time only).
  w.addEventListener('pagehide', function () { flush(st.transport); });

  var dl = w.dataLayer = w.dataLayer || [];
  var backlog = dl.slice();
  var push = dl.push;
  dl.push = function () {
    var r = push.apply(dl, arguments);
    for (var i = 0; i < arguments.length; i++) { handle(arguments[i]); }
    return r;
  };
  backlog.forEach(handle);
}());
