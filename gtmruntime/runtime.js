// tagspec container runtime: runs the part of a Google Tag Manager web
// container that tagspec generates, in the page, before the page's own
// scripts. Package gtmruntime embeds this file and replaces the container
// marker below with the container's tags, triggers and variables as JSON.
// The doc comment of runtimeJS (script.go) documents what it emulates and
// the semantics chosen here.
(function () {
  'use strict';
  // Web pages only: the top document of an http(s) page, once.
  if (window.top !== window || window.__tagspecRuntime || !/^https?:$/.test(location.protocol)) { return; }
  var C = /*TAGSPEC_CONTAINER*/null;
  if (!C) { return; }
  Object.defineProperty(window, '__tagspecRuntime', { value: { container: C, log: [] } });
  var LOG = window.__tagspecRuntime.log;
  var COLLECT = 'https://www.google-analytics.com/g/collect';

  // ---- small helpers ------------------------------------------------------
  function isPlain(v) {
    if (!v || typeof v !== 'object') { return false; }
    var p = Object.getPrototypeOf(v);
    return p === Object.prototype || p === null;
  }
  function isArgs(v) { return Object.prototype.toString.call(v) === '[object Arguments]'; }
  function has(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }
  function str(v) { return v === undefined || v === null ? '' : String(v); }
  function note(kind, detail) { LOG.push({ t: Date.now(), kind: kind, detail: detail }); }
  function safe(fn, what) {
    try { return fn(); } catch (e) { note('error', what + ': ' + (e && e.message || e)); }
    return undefined;
  }
  function matchesSel(el, sel) {
    if (!el || el.nodeType !== 1 || !sel) { return false; }
    try { return el.matches(sel); } catch (e) { return false; }
  }
  function textOf(el) {
    if (!el || el.nodeType !== 1) { return ''; }
    return (el.innerText || el.textContent || '').replace(/\s+/g, ' ').trim();
  }
  function parseURL(u) { try { return new URL(String(u), location.href); } catch (e) { return null; } }

  // ---- the data layer model -----------------------------------------------
  // Messages merge into one model, as GTM's data layer does: plain objects
  // and arrays merge key by key, any other value replaces the old one.
  var model = {};
  function merge(from, to) {
    for (var k in from) {
      if (!has(from, k)) { continue; }
      var v = from[k];
      if (Array.isArray(v)) {
        if (!Array.isArray(to[k])) { to[k] = []; }
        merge(v, to[k]);
      } else if (isPlain(v)) {
        if (!isPlain(to[k])) { to[k] = {}; }
        merge(v, to[k]);
      } else {
        to[k] = v;
      }
    }
  }
  function modelGet(path) {
    if (has(model, path)) { return model[path]; }
    var parts = String(path).split('.');
    var v = model;
    for (var i = 0; i < parts.length; i++) {
      if (v === undefined || v === null) { return undefined; }
      v = v[parts[i]];
    }
    return v;
  }

  // ---- consent ------------------------------------------------------------
  var consent = {};     // type -> 'granted' | 'denied'
  var consentSet = false;
  var consentUpdated = {}; // types an update has set
  var pending = [];     // tags waiting for consent: {tag, run}
  function granted(types) {
    for (var i = 0; i < types.length; i++) {
      if (consent[types[i]] !== 'granted') { return false; }
    }
    return true;
  }
  function applyConsent(kind, states) {
    if (!isPlain(states)) { return; }
    for (var k in states) {
      if (!has(states, k) || (states[k] !== 'granted' && states[k] !== 'denied')) { continue; }
      // A default never overrides an update already made.
      if (kind === 'default' && consentUpdated[k]) { continue; }
      consent[k] = states[k];
      if (kind === 'update') { consentUpdated[k] = true; }
    }
    consentSet = true;
    note('consent', kind + ' ' + JSON.stringify(states));
    var still = [];
    var ready = [];
    for (var i = 0; i < pending.length; i++) {
      (granted(pending[i].tag.consent) ? ready : still).push(pending[i]);
    }
    pending = still;
    for (var j = 0; j < ready.length; j++) {
      note('consent-release', ready[j].tag.name);
      safe(ready[j].run, 'tag ' + ready[j].tag.name);
    }
  }
  function gcs() {
    function d(t) { return consent[t] === 'granted' ? '1' : consent[t] === 'denied' ? '0' : '-'; }
    return 'G1' + d('ad_storage') + d('analytics_storage');
  }

  // ---- variables ----------------------------------------------------------
  var current = { event: undefined }; // the message being processed
  var varsByName = {};
  for (var vi = 0; vi < C.variables.length; vi++) { varsByName[C.variables[vi].name] = C.variables[vi]; }
  var builtIns = {};
  for (var bi = 0; bi < C.builtIns.length; bi++) { builtIns[C.builtIns[bi]] = true; }

  function elementURL(el) {
    if (!el || el.nodeType !== 1) { return ''; }
    if (el.href !== undefined && typeof el.href === 'string') { return el.href; }
    if (el.tagName === 'FORM') { return el.action || ''; }
    return el.getAttribute('href') || el.getAttribute('action') || '';
  }
  function builtIn(name) {
    var loc = location;
    switch (name) {
      case 'Page URL': return loc.href.split('#')[0];
      case 'Page Hostname': return loc.hostname;
      case 'Page Path': return loc.pathname;
      case 'Referrer': return document.referrer;
      case 'Event': return current.event;
      case 'Click Element': case 'Form Element': return modelGet('gtm.element');
      case 'Click Classes': case 'Form Classes': return modelGet('gtm.elementClasses');
      case 'Click ID': case 'Form ID': return modelGet('gtm.elementId');
      case 'Click Target': case 'Form Target': return modelGet('gtm.elementTarget');
      case 'Click URL': case 'Form URL': return modelGet('gtm.elementUrl');
      case 'Click Text': case 'Form Text': return textOf(modelGet('gtm.element'));
      case 'Scroll Depth Threshold': return modelGet('gtm.scrollThreshold');
      case 'Scroll Depth Units': return modelGet('gtm.scrollUnits');
      case 'Scroll Direction': return modelGet('gtm.scrollDirection');
      case 'Video Provider': return modelGet('gtm.videoProvider');
      case 'Video URL': return modelGet('gtm.videoUrl');
      case 'Video Title': return modelGet('gtm.videoTitle');
      case 'Video Duration': return modelGet('gtm.videoDuration');
      case 'Video Percent': return modelGet('gtm.videoPercent');
      case 'Video Visible': return modelGet('gtm.videoVisible');
      case 'Video Status': return modelGet('gtm.videoStatus');
      case 'Video Current Time': return modelGet('gtm.videoCurrentTime');
      case 'Percent Visible': return modelGet('gtm.visibleRatio');
      case 'On-Screen Duration': return modelGet('gtm.visibleTime');
      case 'New History Fragment': return modelGet('gtm.newUrlFragment');
      case 'Old History Fragment': return modelGet('gtm.oldUrlFragment');
      case 'New History State': return modelGet('gtm.newHistoryState');
      case 'Old History State': return modelGet('gtm.oldHistoryState');
      case 'New History URL': return modelGet('gtm.newUrl');
      case 'Old History URL': return modelGet('gtm.oldUrl');
      case 'History Source': return modelGet('gtm.historyChangeSource');
      case 'Container ID': return C.publicId;
      case 'Container Version': return C.versionId;
      case 'Debug Mode': return false;
      case 'Random Number': return Math.floor(Math.random() * 2147483647);
      case 'Environment Name': return '';
    }
    return undefined;
  }

  function withDefault(p, v) {
    if ((v === undefined) && p.setDefaultValue === 'true') { return resolve(p.defaultValue); }
    return v;
  }

  function urlPart(u, p) {
    if (!u) { return undefined; }
    switch (p.component || 'URL') {
      case 'URL': return u.href;
      case 'HOST':
        return p.stripWww === 'true' ? u.hostname.replace(/^www\./, '') : u.hostname;
      case 'PATH': return u.pathname;
      case 'QUERY':
        if (p.queryKey) { var q = u.searchParams.get(resolveString(p.queryKey)); return q === null ? undefined : q; }
        return u.search.replace(/^\?/, '');
      case 'FRAGMENT': return u.hash.replace(/^#/, '');
      case 'PROTOCOL': return u.protocol.replace(/:$/, '');
      case 'PORT': return u.port || (u.protocol === 'https:' ? '443' : u.protocol === 'http:' ? '80' : '');
    }
    return undefined;
  }

  function autoEvent(p) {
    var el = modelGet('gtm.element');
    var v;
    switch (p.varType) {
      case 'ELEMENT': v = el; break;
      case 'CLASSES': v = modelGet('gtm.elementClasses'); break;
      case 'ID': v = modelGet('gtm.elementId'); break;
      case 'TARGET': v = modelGet('gtm.elementTarget'); break;
      case 'TEXT': v = el ? textOf(el) : undefined; break;
      case 'URL':
        v = modelGet('gtm.elementUrl');
        if (p.component && p.component !== 'URL') { v = urlPart(parseURL(v), p); }
        break;
      case 'ATTRIBUTE':
        v = el && el.nodeType === 1 && el.hasAttribute(p.attribute) ? el.getAttribute(p.attribute) : undefined;
        break;
      case 'HISTORY_NEW_URL_FRAGMENT': v = modelGet('gtm.newUrlFragment'); break;
      case 'HISTORY_OLD_URL_FRAGMENT': v = modelGet('gtm.oldUrlFragment'); break;
      case 'HISTORY_NEW_STATE': v = modelGet('gtm.newHistoryState'); break;
      case 'HISTORY_OLD_STATE': v = modelGet('gtm.oldHistoryState'); break;
      case 'HISTORY_CHANGE_SOURCE': v = modelGet('gtm.historyChangeSource'); break;
    }
    if (v === '') { v = undefined; }
    return withDefault(p, v);
  }

  var evaluating = {};
  function variable(name) {
    if (name === '_event') { return current.event; }
    var x = varsByName[name];
    if (!x) { return builtIns[name] ? builtIn(name) : undefined; }
    if (evaluating[name]) { note('error', 'variable ' + name + ' refers to itself'); return undefined; }
    evaluating[name] = true;
    try {
      var p = x.params;
      switch (x.type) {
        case 'v': return withDefault(p, p.dataLayerVersion === '1' ? model[resolveString(p.name)] : modelGet(resolveString(p.name)));
        case 'c': return resolve(p.value);
        case 'u': return urlPart(p.customUrlSource ? parseURL(resolve(p.customUrlSource)) : parseURL(location.href), p);
        case 'aev': return autoEvent(p);
        case 'j':
          var parts = resolveString(p.name).split('.');
          var o = window;
          for (var i = 0; i < parts.length && o !== undefined && o !== null; i++) { o = o[parts[i]]; }
          return o;
        case 'k':
          var want = resolveString(p.name);
          var cookies = document.cookie ? document.cookie.split('; ') : [];
          for (var c = 0; c < cookies.length; c++) {
            var eq = cookies[c].indexOf('=');
            if (cookies[c].slice(0, eq) === want) {
              var cv = cookies[c].slice(eq + 1);
              return p.decodeCookie === 'true' ? safe(function () { return decodeURIComponent(cv); }, 'cookie ' + want) : cv;
            }
          }
          return undefined;
        case 'jsm':
          var fn = safe(function () { return (0, eval)('(' + resolveScript(p.javascript) + ')'); }, 'variable ' + name);
          return typeof fn === 'function' ? safe(fn, 'variable ' + name) : undefined;
        case 'smm':
          var input = str(resolve(p.input));
          var rows = p.map || [];
          for (var r = 0; r < rows.length; r++) {
            if (resolveString(rows[r].key) === input) { return resolve(rows[r].value); }
          }
          return p.setDefaultValue === 'true' ? resolve(p.defaultValue) : undefined;
        case 'gtes': return { event: tableRows(p.eventSettingsTable, 'parameter', 'parameterValue'), user: tableRows(p.userProperties, 'name', 'value') };
        case 'gtcs': return { config: tableRows(p.configSettingsTable, 'parameter', 'parameterValue') };
        case 'uv': return undefined;
      }
      return undefined;
    } finally {
      delete evaluating[name];
    }
  }

  // resolve evaluates a parameter template: a value that is exactly one
  // {{Variable}} keeps the variable's type; anything else is a string.
  var whole = /^\{\{([^{}]+)\}\}$/;
  var refs = /\{\{([^{}]+)\}\}/g;
  function resolve(t) {
    if (t === undefined || t === null) { return undefined; }
    if (typeof t !== 'string') { return t; }
    var m = whole.exec(t);
    if (m) { return variable(m[1]); }
    if (t.indexOf('{{') < 0) { return t; }
    return t.replace(refs, function (_, name) { return str(variable(name)); });
  }
  function resolveString(t) { return str(resolve(t)); }
  // resolveScript places variables into script text as JavaScript literals.
  function resolveScript(t) {
    return String(t || '').replace(refs, function (_, name) {
      var v = variable(name);
      if (v === undefined) { return 'undefined'; }
      if (typeof v === 'function' || (v && v.nodeType)) { return 'undefined'; }
      return safe(function () { return JSON.stringify(v); }, 'variable ' + name) || 'undefined';
    });
  }
  function tableRows(list, keyCol, valueCol) {
    var out = [];
    if (!Array.isArray(list)) { return out; }
    for (var i = 0; i < list.length; i++) {
      if (list[i] && list[i][keyCol] !== undefined) { out.push([resolveString(list[i][keyCol]), resolve(list[i][valueCol])]); }
    }
    return out;
  }

  // ---- conditions and triggers --------------------------------------------
  function condition(c) {
    var left = resolve(c.arg0);
    var right = resolveString(c.arg1);
    var ok;
    switch (c.type) {
      case 'CSS_SELECTOR': ok = matchesSel(left, right); break;
      case 'EQUALS': ok = str(left) === right; break;
      case 'CONTAINS': ok = str(left).indexOf(right) >= 0; break;
      case 'STARTS_WITH': ok = str(left).indexOf(right) === 0; break;
      case 'ENDS_WITH': var s = str(left); ok = s.length >= right.length && s.slice(s.length - right.length) === right; break;
      case 'MATCH_REGEX':
        ok = !!safe(function () { return new RegExp(right, c.ignoreCase ? 'i' : '').test(str(left)); }, 'regex ' + right);
        break;
      case 'GREATER': ok = Number(left) > Number(right); break;
      case 'GREATER_OR_EQUALS': ok = Number(left) >= Number(right); break;
      case 'LESS': ok = Number(left) < Number(right); break;
      case 'LESS_OR_EQUALS': ok = Number(left) <= Number(right); break;
      default: ok = false;
    }
    return c.negate ? !ok : ok;
  }
  function allTrue(conds) {
    for (var i = 0; i < conds.length; i++) {
      if (!condition(conds[i])) { return false; }
    }
    return true;
  }
  var triggersByID = {};
  for (var ti = 0; ti < C.triggers.length; ti++) { triggersByID[C.triggers[ti].id] = C.triggers[ti]; }
  function triggersOf(type) {
    var out = [];
    for (var i = 0; i < C.triggers.length; i++) { if (C.triggers[i].type === type) { out.push(C.triggers[i]); } }
    return out;
  }
  // eventOf is the GTM event name a trigger type listens to.
  var eventOf = {
    PAGEVIEW: 'gtm.js', DOM_READY: 'gtm.dom', WINDOW_LOADED: 'gtm.load', INIT: 'gtm.init', CONSENT_INIT: 'gtm.init_consent',
    CLICK: 'gtm.click', LINK_CLICK: 'gtm.linkClick', FORM_SUBMISSION: 'gtm.formSubmit',
    SCROLL_DEPTH: 'gtm.scrollDepth', YOU_TUBE_VIDEO: 'gtm.video', ELEMENT_VISIBILITY: 'gtm.elementVisibility',
    HISTORY_CHANGE: 'gtm.historyChange'
  };
  function inTriggers(t) { return (',' + str(model['gtm.triggers']) + ',').indexOf(',' + t.id + ',') >= 0; }
  function triggerFires(id, ev) {
    if (id === '2147479553') { return ev === 'gtm.js'; }
    if (id === '2147479573') { return ev === 'gtm.init'; }
    if (id === '2147479572') { return ev === 'gtm.init_consent'; }
    var t = triggersByID[id];
    if (!t) { return false; }
    switch (t.type) {
      case 'CUSTOM_EVENT':
        if (ev === undefined || !allTrue(t.customEvent)) { return false; }
        break;
      case 'TIMER':
        if (ev !== (t.eventName || 'gtm.timer') || !inTriggers(t)) { return false; }
        break;
      case 'SCROLL_DEPTH': case 'ELEMENT_VISIBILITY': case 'YOU_TUBE_VIDEO':
        if (ev !== eventOf[t.type] || !inTriggers(t)) { return false; }
        break;
      case 'LINK_CLICK': case 'FORM_SUBMISSION':
        if (ev !== eventOf[t.type]) { return false; }
        if (t.checkValidation && model['gtm.validated'] === false) { return false; }
        if (t.autoEventFilter.length && !enabled[t.id]) { return false; }
        break;
      default:
        if (ev !== eventOf[t.type]) { return false; }
    }
    return allTrue(t.filter);
  }

  // ---- tags ---------------------------------------------------------------
  var firedOnce = {};  // tag id -> true for ONCE_PER_LOAD tags that fired
  var googleTags = []; // measurement IDs of fired Google tags, in order
  var googleConfig = {};
  var pageLoadID = String(Math.floor(Math.random() * 2147483647));
  var hitCount = 0;
  var lastHit = Date.now();
  var sessions = {}; // measurement ID -> {sid, sct, start}
  var tagsByName = {};
  for (var gi = 0; gi < C.tags.length; gi++) { tagsByName[C.tags[gi].name] = C.tags[gi]; }

  function storageAllowed() { return consent.analytics_storage !== 'denied'; }
  function setCookie(name, value) {
    if (!storageAllowed()) { return; }
    try { document.cookie = name + '=' + value + '; path=/; max-age=63072000; SameSite=Lax'; } catch (e) { /* sandboxed page */ }
  }
  // clientID reads the client ID from the _ga cookie, or makes one (a first
  // visit) and stores it when analytics storage is not denied.
  var firstVisit = false;
  function clientID() {
    var m = /(?:^|; )_ga=GA1\.\d\.(\d+\.\d+)/.exec(document.cookie);
    if (m) { return m[1]; }
    firstVisit = true;
    var id = Math.floor(Math.random() * 2147483647) + '.' + Math.floor(Date.now() / 1000);
    setCookie('_ga', 'GA1.1.' + id);
    return id;
  }
  var cid;
  // session returns the session of a measurement ID: the one in its
  // _ga_<ID> cookie when it was active in the last 30 minutes, else a new
  // one (start is true on its first hit).
  function session(tid) {
    var now = Math.floor(Date.now() / 1000);
    var s = sessions[tid];
    if (!s) {
      var name = '_ga_' + String(tid).replace(/^G-/, '');
      var m = new RegExp('(?:^|; )' + name.replace(/[^A-Za-z0-9_]/g, '') + '=GS1\\.1\\.(\\d+)\\.(\\d+)\\.\\d\\.(\\d+)').exec(document.cookie);
      if (m && now - Number(m[3]) < 1800) {
        s = { sid: m[1], sct: Number(m[2]), start: false };
      } else {
        s = { sid: String(now), sct: m ? Number(m[2]) + 1 : 1, start: true };
      }
      s.cookie = name.replace(/[^A-Za-z0-9_]/g, '');
      sessions[tid] = s;
    }
    setCookie(s.cookie, 'GS1.1.' + s.sid + '.' + s.sct + '.1.' + now + '.0.0.0');
    return s;
  }

  function enc(v) { return encodeURIComponent(v); }
  var itemCodes = {
    item_id: 'id', item_name: 'nm', item_brand: 'br', item_category: 'ca', item_category2: 'c2',
    item_category3: 'c3', item_category4: 'c4', item_category5: 'c5', item_variant: 'va', price: 'pr',
    quantity: 'qt', coupon: 'cp', item_list_name: 'ln', item_list_id: 'li', index: 'lp', discount: 'ds',
    affiliation: 'af', promotion_id: 'pi', promotion_name: 'pn', creative_name: 'cn', creative_slot: 'cs',
    location_id: 'lo'
  };
  function encodeItem(item) {
    var parts = [];
    var custom = 0;
    for (var k in item) {
      if (!has(item, k) || item[k] === undefined || item[k] === null) { continue; }
      var v = String(item[k]).replace(/~/g, '~~');
      if (itemCodes[k]) {
        parts.push(itemCodes[k] + v);
      } else if (custom < 27) {
        var idx = custom < 10 ? String(custom) : String.fromCharCode(65 + custom - 10);
        parts.push('k' + idx + String(k).replace(/~/g, '~~'), 'v' + idx + v);
        custom++;
      }
    }
    return parts.join('~');
  }

  // send emits one GA4 event as a single-event hit in the /g/collect wire
  // format: request and shared parameters, then the event's own.
  function send(tid, name, params, userProps, items) {
    if (!tid) { note('error', 'event ' + name + ': no measurement ID'); return; }
    if (!cid) { cid = clientID(); }
    hitCount++;
    var now = Date.now();
    var q = ['v=2', 'tid=' + enc(tid), 'gtm=45tagspec', '_p=' + pageLoadID, 'cid=' + enc(cid),
      'ul=' + enc((navigator.language || '').toLowerCase()), 'sr=' + screen.width + 'x' + screen.height];
    if (consentSet) { q.push('gcs=' + gcs()); }
    var ses = session(tid);
    q.push('_s=' + hitCount, 'sid=' + ses.sid, 'sct=' + ses.sct, 'seg=1', 'dl=' + enc(location.href),
      'dr=' + enc(document.referrer), 'dt=' + enc(document.title));
    var ev = ['en=' + enc(name), '_ee=1'];
    if (firstVisit) { ev.push('_fv=1'); firstVisit = false; }
    if (ses.start) { ev.push('_ss=1'); ses.start = false; }
    ev.push('_et=' + Math.max(0, now - lastHit));
    lastHit = now;
    for (var i = 0; i < params.length; i++) {
      var k = params[i][0];
      var v = params[i][1];
      if (v === undefined || v === null || k === '') { continue; }
      if (k === 'currency') { q.push('cu=' + enc(v)); continue; }
      if (k === 'user_id') { q.push('uid=' + enc(v)); continue; }
      if (k === 'items' && Array.isArray(v)) { items = items.concat(v); continue; }
      if (typeof v === 'number' && isFinite(v)) {
        ev.push('epn.' + enc(k) + '=' + enc(String(v)));
      } else if (typeof v === 'object') {
        ev.push('ep.' + enc(k) + '=' + enc(safe(function () { return JSON.stringify(v); }, 'param ' + k) || ''));
      } else {
        ev.push('ep.' + enc(k) + '=' + enc(String(v)));
      }
    }
    for (var u = 0; u < userProps.length; u++) {
      var uk = userProps[u][0];
      var uv = userProps[u][1];
      if (uv === undefined || uv === null || uk === '') { continue; }
      ev.push((typeof uv === 'number' && isFinite(uv) ? 'upn.' : 'up.') + enc(uk) + '=' + enc(String(uv)));
    }
    for (var it = 0; it < items.length && it < 200; it++) {
      if (isPlain(items[it])) { ev.push('pr' + (it + 1) + '=' + enc(encodeItem(items[it]))); }
    }
    var url = COLLECT + '?' + q.concat(ev).join('&');
    var body = '';
    if (url.length > 2048) {
      url = COLLECT + '?' + q.join('&');
      body = ev.join('&');
    }
    note('hit', name);
    var sent = false;
    try {
      if (navigator.sendBeacon) { sent = navigator.sendBeacon(url, body); }
    } catch (e) { sent = false; }
    if (!sent) {
      safe(function () {
        fetch(url, { method: 'POST', body: body, keepalive: true, mode: 'no-cors', credentials: 'include' })['catch'](function () {});
      }, 'send ' + name);
    }
  }

  function measurementID(tag) {
    var p = tag.params;
    var id = resolveString(p.measurementIdOverride);
    if (!id && p.measurementId) {
      var ref = tagsByName[p.measurementId];
      id = ref ? resolveString(ref.params.measurementId || ref.params.tagId) : resolveString(p.measurementId);
    }
    if (!id && googleTags.length) { id = googleTags[0]; }
    return id;
  }

  // prepare evaluates a tag's settings now (at its event) and returns the
  // function that does its work, so a tag that waits for consent still sends
  // the values of the moment it fired.
  function prepare(tag) {
    var p = tag.params;
    switch (tag.type) {
      case 'googtag': case 'gaawc':
        var tid = resolveString(p.tagId || p.measurementId);
        var cfg = tableRows(p.configSettingsTable, 'parameter', 'parameterValue');
        if (p.configSettingsVariable) { var cv = resolve(p.configSettingsVariable); if (cv && cv.config) { cfg = cv.config.concat(cfg); } }
        var sendPageView = p.sendPageView !== 'false';
        for (var i = 0; i < cfg.length; i++) {
          if (cfg[i][0] === 'send_page_view') { sendPageView = String(cfg[i][1]) !== 'false'; }
        }
        var evs = tableRows(p.eventSettingsTable, 'parameter', 'parameterValue');
        if (p.eventSettingsVariable) { var ev0 = resolve(p.eventSettingsVariable); if (ev0 && ev0.event) { evs = ev0.event.concat(evs); } }
        return function () {
          if (!tid) { note('error', 'Google tag ' + tag.name + ': no tag ID'); return; }
          if (googleTags.indexOf(tid) < 0) { googleTags.push(tid); }
          googleConfig[tid] = evs;
          if (sendPageView) { send(tid, 'page_view', evs, [], []); }
        };
      case 'gaawe':
        var name = resolveString(p.eventName);
        var params = [];
        var users = [];
        if (p.eventSettingsVariable) {
          var es = resolve(p.eventSettingsVariable);
          if (es && es.event) { params = params.concat(es.event); users = users.concat(es.user || []); }
        }
        params = params.concat(tableRows(p.eventSettingsTable, 'parameter', 'parameterValue'),
          tableRows(p.eventParameters, 'name', 'value'));
        users = users.concat(tableRows(p.userProperties, 'name', 'value'));
        var items = [];
        if (p.sendEcommerceData === 'true') {
          var ecom = p.getEcommerceDataFrom === 'customObject' ? resolve(p.ecommerceMacroData) : modelGet('ecommerce');
          if (isPlain(ecom)) {
            for (var k in ecom) {
              if (!has(ecom, k)) { continue; }
              if (k === 'items') { items = Array.isArray(ecom.items) ? ecom.items : []; } else if (!isPlain(ecom[k]) && !Array.isArray(ecom[k])) { params.push([k, ecom[k]]); }
            }
          }
        }
        var mid = measurementID(tag);
        return function () {
          var shared = googleConfig[mid] || [];
          send(mid, name, shared.concat(params), users, items);
        };
      case 'html':
        var html = resolveScript(p.html);
        return function () { insertHTML(tag, html); };
    }
    return function () {};
  }

  // insertHTML adds a Custom HTML tag to the page and runs its scripts in
  // order, as GTM does.
  function insertHTML(tag, html) {
    var tpl = document.createElement('template');
    tpl.innerHTML = html;
    var parent = document.body || document.head || document.documentElement;
    var nodes = Array.prototype.slice.call(tpl.content.childNodes);
    for (var i = 0; i < nodes.length; i++) {
      var n = nodes[i];
      if (n.nodeName === 'SCRIPT') {
        var s = document.createElement('script');
        for (var a = 0; a < n.attributes.length; a++) { s.setAttribute(n.attributes[a].name, n.attributes[a].value); }
        s.text = n.text;
        s.setAttribute('data-tagspec-tag', tag.name);
        parent.appendChild(s);
      } else {
        parent.appendChild(n);
      }
    }
    note('html', tag.name);
  }

  function fireTags(ev) {
    var toFire = [];
    for (var i = 0; i < C.tags.length; i++) {
      var tag = C.tags[i];
      var fires = false;
      for (var f = 0; f < tag.firing.length && !fires; f++) { fires = triggerFires(tag.firing[f], ev); }
      if (!fires) { continue; }
      var blocked = false;
      for (var b = 0; b < tag.blocking.length && !blocked; b++) { blocked = triggerFires(tag.blocking[b], ev); }
      if (blocked) { note('blocked', tag.name); continue; }
      if (tag.option === 'ONCE_PER_LOAD') {
        if (firedOnce[tag.id]) { continue; }
        firedOnce[tag.id] = true;
      }
      toFire.push(tag);
    }
    for (var j = 0; j < toFire.length; j++) {
      (function (tag) {
        var run = safe(function () { return prepare(tag); }, 'tag ' + tag.name);
        if (!run) { return; }
        note('fire', tag.name + ' on ' + ev);
        if (tag.consent.length && !granted(tag.consent)) {
          note('consent-wait', tag.name);
          pending.push({ tag: tag, run: run });
          return;
        }
        safe(run, 'tag ' + tag.name);
      })(toFire[j]);
    }
    return toFire.length;
  }

  // ---- message processing -------------------------------------------------
  var started = false;
  var lifecycle = { 'gtm.init_consent': false, 'gtm.init': false, 'gtm.js': false, 'gtm.dom': false, 'gtm.load': false };
  var queue = [];
  var busy = false;
  function process(msg) {
    if (isArgs(msg) || Array.isArray(msg)) {
      var a = Array.prototype.slice.call(msg);
      switch (a[0]) {
        case 'consent': applyConsent(a[1], a[2]); return;
        case 'set': if (isPlain(a[1])) { merge(a[1], model); } return;
        case 'event':
          var m = { event: a[1] };
          if (isPlain(a[2])) { for (var k in a[2]) { if (has(a[2], k)) { m[k] = a[2][k]; } } }
          msg = m;
          break;
        default: return; // js, config, get: not container messages
      }
    }
    if (typeof msg === 'function') {
      safe(function () { msg.call({ get: modelGet, set: function (k, v) { var o = {}; o[k] = v; merge(o, model); } }); }, 'dataLayer function');
      return;
    }
    if (!isPlain(msg)) { return; }
    // Keys that only describe one auto-event are reset for each message.
    delete model['gtm.triggers'];
    delete model['gtm.validated'];
    merge(msg, model);
    var ev = has(msg, 'event') ? msg.event : undefined;
    current = { event: ev };
    if (has(lifecycle, ev)) {
      // A page that still carries a GTM snippet pushes gtm.js itself; each
      // lifecycle event fires its tags once.
      if (lifecycle[ev]) { note('duplicate', ev); return; }
      lifecycle[ev] = true;
    }
    if (ev !== undefined) {
      var n = fireTags(ev);
      note('event', ev + ' (' + n + ' tags)');
      if (ev === 'gtm.js') { onContainerStart(); }
      if (ev === 'gtm.dom') { onDOMReady(); }
      if (ev === 'gtm.load') { onWindowLoad(); }
    }
    if (typeof msg.eventCallback === 'function') { safe(msg.eventCallback, 'eventCallback'); }
  }
  function drain() {
    if (busy || !started) { return; }
    busy = true;
    try {
      while (queue.length) { process(queue.shift()); }
    } finally { busy = false; }
  }
  function receive(values) {
    for (var i = 0; i < values.length; i++) { queue.push(values[i]); }
    drain();
  }
  function pushEvent(msg) { window.dataLayer.push(msg); }

  // The dataLayer: wrap push on the array that exists, and on any array the
  // page assigns later; replay what was pushed before.
  function hook(arr) {
    if (!Array.isArray(arr) || arr.__tagspecRuntimeHooked) { return arr; }
    Object.defineProperty(arr, '__tagspecRuntimeHooked', { value: true });
    var before = Array.prototype.slice.call(arr);
    var push = arr.push;
    arr.push = function () {
      var r = push.apply(this, arguments);
      receive(Array.prototype.slice.call(arguments));
      return r;
    };
    receive(before);
    return arr;
  }
  var desc = Object.getOwnPropertyDescriptor(window, 'dataLayer');
  if (desc && desc.configurable && (desc.get || desc.set)) {
    Object.defineProperty(window, 'dataLayer', {
      configurable: true, enumerable: true,
      get: function () { return desc.get ? desc.get.call(window) : undefined; },
      set: function (v) {
        if (desc.set) { desc.set.call(window, v); }
        hook(desc.get ? desc.get.call(window) : v);
      }
    });
    window.dataLayer = window.dataLayer || [];
  } else {
    var own = hook(window.dataLayer || []);
    if (!desc || desc.configurable) {
      Object.defineProperty(window, 'dataLayer', {
        configurable: true, enumerable: true,
        get: function () { return own; },
        set: function (v) { own = hook(v); }
      });
    } else {
      window.dataLayer = own;
    }
  }

  // ---- page lifecycle -----------------------------------------------------
  // The container starts once the document's <head> has been parsed (when
  // <body> appears), like a GTM snippet at the end of the head: pushes made
  // by head scripts are processed first.
  function start() {
    if (started) { return; }
    started = true;
    // Consent commands made so far apply first, then the initialization
    // events fire before any other queued message, as in GTM.
    var consentCmds = [];
    var rest = [];
    for (var i = 0; i < queue.length; i++) {
      var m = queue[i];
      ((isArgs(m) || Array.isArray(m)) && m[0] === 'consent' ? consentCmds : rest).push(m);
    }
    queue = consentCmds.concat([{ event: 'gtm.init_consent' }, { event: 'gtm.init' }], rest,
      [{ 'gtm.start': Date.now(), event: 'gtm.js' }]);
    drain();
  }
  if (document.body) {
    start();
  } else {
    var mo = new MutationObserver(function () { if (document.body) { mo.disconnect(); start(); } });
    mo.observe(document, { childList: true, subtree: true });
    document.addEventListener('DOMContentLoaded', start, true);
  }
  var domReady = false;
  function fireDOM() {
    if (domReady) { return; }
    domReady = true;
    start();
    pushEvent({ event: 'gtm.dom' });
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', fireDOM);
  } else {
    setTimeout(fireDOM, 0);
  }
  function fireLoad() { fireDOM(); pushEvent({ event: 'gtm.load' }); }
  if (document.readyState === 'complete') { setTimeout(fireLoad, 0); } else { window.addEventListener('load', fireLoad); }

  var enabled = {}; // trigger id -> its "enable when" conditions held at gtm.js

  function onContainerStart() {
    for (var i = 0; i < C.triggers.length; i++) {
      var t = C.triggers[i];
      enabled[t.id] = allTrue(t.autoEventFilter);
    }
    if (triggersOf('CLICK').length || triggersOf('LINK_CLICK').length) { listenClicks(); }
    if (triggersOf('FORM_SUBMISSION').length) { listenForms(); }
    if (triggersOf('HISTORY_CHANGE').length) { listenHistory(); }
    var timers = triggersOf('TIMER');
    for (var j = 0; j < timers.length; j++) { if (enabled[timers[j].id]) { startTimer(timers[j]); } }
    startWhen('CONTAINER_LOAD');
  }
  function onDOMReady() {
    var vis = triggersOf('ELEMENT_VISIBILITY');
    for (var i = 0; i < vis.length; i++) { watchVisibility(vis[i]); }
    startWhen('DOM_READY');
  }
  function onWindowLoad() { startWhen('WINDOW_LOAD'); }
  // startWhen starts the scroll and video listeners whose start option is
  // the given moment (window load when they do not say).
  function startWhen(moment) {
    var kinds = ['SCROLL_DEPTH', 'YOU_TUBE_VIDEO'];
    for (var k = 0; k < kinds.length; k++) {
      var ts = triggersOf(kinds[k]);
      for (var i = 0; i < ts.length; i++) {
        if ((ts[i].params.triggerStartOption || 'WINDOW_LOAD') !== moment) { continue; }
        if (kinds[k] === 'SCROLL_DEPTH') { watchScroll(ts[i]); } else { watchYouTube(ts[i]); }
      }
    }
  }

  // ---- clicks -------------------------------------------------------------
  function elementKeys(el, url) {
    return {
      'gtm.element': el,
      'gtm.elementClasses': el && typeof el.className === 'string' ? el.className : '',
      'gtm.elementId': (el && el.id) || '',
      'gtm.elementTarget': (el && el.getAttribute && el.getAttribute('target')) || '',
      'gtm.elementUrl': url || ''
    };
  }
  function listenClicks() {
    var hasClick = triggersOf('CLICK').length > 0;
    var links = triggersOf('LINK_CLICK');
    document.addEventListener('click', function (e) {
      var el = e.target && e.target.nodeType === 1 ? e.target : e.target && e.target.parentElement;
      if (!el) { return; }
      if (hasClick) {
        var m = elementKeys(el, elementURL(el));
        m.event = 'gtm.click';
        pushEvent(m);
      }
      var a = links.length ? el.closest('a[href], area[href]') : null;
      if (!a) { return; }
      var lm = elementKeys(a, a.href);
      lm.event = 'gtm.linkClick';
      lm['gtm.validated'] = !e.defaultPrevented;
      // Wait for tags: hold a same-window navigation until the tags have
      // sent, or the longest timeout of the waiting triggers.
      var wait = 0;
      for (var i = 0; i < links.length; i++) {
        if (links[i].waitForTags && (!links[i].checkValidation || !e.defaultPrevented)) {
          wait = Math.max(wait, parseInt(resolveString(links[i].timeout), 10) || 2000);
        }
      }
      var target = (a.getAttribute('target') || '').toLowerCase();
      var navigates = !e.defaultPrevented && !e.ctrlKey && !e.metaKey && !e.shiftKey && e.button === 0 &&
        (target === '' || target === '_self') && /^https?:/.test(a.href);
      if (wait > 0 && navigates) {
        var fired = false;
        lm.eventCallback = function () {
          fired = true;
        };
        e.preventDefault();
        pushEvent(lm);
        var href = a.href;
        var go = function () { location.href = href; };
        // Tags send synchronously (sendBeacon), so the callback has run.
        setTimeout(go, fired ? 0 : wait);
        return;
      }
      pushEvent(lm);
    }, false);
  }

  // ---- forms --------------------------------------------------------------
  function listenForms() {
    var forms = triggersOf('FORM_SUBMISSION');
    document.addEventListener('submit', function (e) {
      var form = e.target;
      if (!form || form.nodeName !== 'FORM') { return; }
      var m = elementKeys(form, form.action);
      m.event = 'gtm.formSubmit';
      m['gtm.validated'] = !e.defaultPrevented;
      var wait = 0;
      for (var i = 0; i < forms.length; i++) {
        if (forms[i].waitForTags && (!forms[i].checkValidation || !e.defaultPrevented)) {
          wait = Math.max(wait, parseInt(resolveString(forms[i].timeout), 10) || 2000);
        }
      }
      var target = (form.getAttribute('target') || '').toLowerCase();
      if (wait > 0 && !e.defaultPrevented && (target === '' || target === '_self')) {
        e.preventDefault();
        pushEvent(m);
        setTimeout(function () { HTMLFormElement.prototype.submit.call(form); }, 0);
        return;
      }
      pushEvent(m);
    }, false);
  }

  // ---- history ------------------------------------------------------------
  function listenHistory() {
    var lastURL = location.href;
    var lastState = history.state;
    function changed(source, state) {
      var old = parseURL(lastURL);
      var now = location.href;
      if (source !== 'pushState' && source !== 'replaceState' && now === lastURL) { return; }
      pushEvent({
        event: 'gtm.historyChange', 'gtm.historyChangeSource': source,
        'gtm.oldUrl': lastURL, 'gtm.newUrl': now,
        'gtm.oldUrlFragment': old ? old.hash.replace(/^#/, '') : '', 'gtm.newUrlFragment': location.hash.replace(/^#/, ''),
        'gtm.oldHistoryState': lastState, 'gtm.newHistoryState': state
      });
      lastURL = now;
      lastState = state;
    }
    ['pushState', 'replaceState'].forEach(function (name) {
      var orig = history[name];
      history[name] = function (state) {
        var r = orig.apply(this, arguments);
        changed(name, state);
        return r;
      };
    });
    window.addEventListener('popstate', function (e) { changed('popstate', e.state); });
    window.addEventListener('hashchange', function () { changed('popstate', history.state); });
  }

  // ---- timers -------------------------------------------------------------
  function startTimer(t) {
    var interval = parseInt(resolveString(t.interval), 10);
    if (!(interval > 0)) { note('error', 'timer ' + t.name + ': no interval'); return; }
    var limit = t.limit === '' ? 0 : parseInt(resolveString(t.limit), 10) || 0;
    var n = 0;
    var startAt = Date.now();
    var h = setInterval(function () {
      n++;
      if (limit > 0 && n >= limit) { clearInterval(h); }
      var now = Date.now();
      pushEvent({
        event: t.eventName || 'gtm.timer', 'gtm.timerId': h, 'gtm.timerEventNumber': n,
        'gtm.timerInterval': interval, 'gtm.timerLimit': limit, 'gtm.timerStartTime': startAt,
        'gtm.timerCurrentTime': now, 'gtm.timerElapsedTime': now - startAt, 'gtm.triggers': t.id
      });
    }, interval);
  }

  // ---- scroll depth -------------------------------------------------------
  function thresholds(s) {
    var out = [];
    String(s || '').split(',').forEach(function (x) { var n = parseFloat(x); if (isFinite(n)) { out.push(n); } });
    return out.sort(function (a, b) { return a - b; });
  }
  function watchScroll(t) {
    var p = t.params;
    var axes = [];
    if (p.verticalThresholdOn !== 'false') {
      var vu = p.verticalThresholdUnits || 'PERCENT';
      axes.push({ dir: 'vertical', units: vu, list: thresholds(vu === 'PIXELS' ? resolveString(p.verticalThresholdsPixels) : resolveString(p.verticalThresholdsPercent)), done: {} });
    }
    if (p.horizontalThresholdOn === 'true') {
      var hu = p.horizontalThresholdUnits || 'PERCENT';
      axes.push({ dir: 'horizontal', units: hu, list: thresholds(hu === 'PIXELS' ? resolveString(p.horizontalThresholdsPixels) : resolveString(p.horizontalThresholdsPercent)), done: {} });
    }
    function check() {
      var root = document.scrollingElement || document.documentElement;
      for (var a = 0; a < axes.length; a++) {
        var ax = axes[a];
        var vertical = ax.dir === 'vertical';
        var seen = vertical ? window.scrollY + window.innerHeight : window.scrollX + window.innerWidth;
        var size = vertical ? root.scrollHeight : root.scrollWidth;
        var reached = ax.units === 'PIXELS' ? (vertical ? window.scrollY : window.scrollX) : (size > 0 ? seen / size * 100 : 100);
        for (var i = 0; i < ax.list.length; i++) {
          var th = ax.list[i];
          // Each threshold fires once per page, in ascending order.
          if (ax.done[th] || reached + 0.5 < th) { continue; }
          ax.done[th] = true;
          pushEvent({
            event: 'gtm.scrollDepth', 'gtm.scrollThreshold': th, 'gtm.scrollUnits': ax.units === 'PIXELS' ? 'pixels' : 'percent',
            'gtm.scrollDirection': ax.dir, 'gtm.triggers': t.id
          });
        }
      }
    }
    // Browsers fire scroll at most once a frame and the check is a few
    // sums, so it runs at once: a threshold's hit is issued before anything
    // that waits for the scroll can look for it.
    window.addEventListener('scroll', check, { passive: true });
    window.addEventListener('resize', check, { passive: true });
    check();
  }

  // ---- element visibility -------------------------------------------------
  function watchVisibility(t) {
    var p = t.params;
    var sel = p.selectorType === 'ID' ? '#' + (window.CSS && CSS.escape ? CSS.escape(resolveString(p.elementId)) : resolveString(p.elementId)) : resolveString(p.elementSelector);
    var ratio = Math.min(100, Math.max(0, parseFloat(resolveString(p.onScreenRatio)) || 50)) / 100;
    var duration = p.useOnScreenDuration === 'true' ? parseInt(resolveString(p.onScreenDuration), 10) || 0 : 0;
    var freq = p.firingFrequency || 'ONCE';
    var firedPage = false;
    var states = [];  // {el, total, since, timer, fired}
    function stateOf(el) {
      for (var i = 0; i < states.length; i++) { if (states[i].el === el) { return states[i]; } }
      var s = { el: el, total: 0, since: 0, timer: 0, fired: false, first: 0 };
      states.push(s);
      return s;
    }
    function fire(s, r) {
      if (freq === 'ONCE' || freq === 'ONCE_PER_PAGE') {
        if (firedPage) { return; }
        firedPage = true;
      } else if (freq === 'ONCE_PER_ELEMENT') {
        if (s.fired) { return; }
      }
      s.fired = true;
      var m = elementKeys(s.el, elementURL(s.el));
      m.event = 'gtm.elementVisibility';
      m['gtm.visibleRatio'] = Math.round(r * 100);
      m['gtm.visibleTime'] = s.total + (s.since ? Date.now() - s.since : 0);
      m['gtm.visibleFirstTime'] = s.first;
      m['gtm.visibleLastTime'] = Date.now() - navStart;
      m['gtm.triggers'] = t.id;
      pushEvent(m);
    }
    var io = new IntersectionObserver(function (entries) {
      entries.forEach(function (en) {
        var s = stateOf(en.target);
        var r = en.intersectionRatio;
        var visible = en.isIntersecting && r + 1e-6 >= ratio && ratio > 0 || (ratio === 0 && en.isIntersecting);
        if (visible && !s.since) {
          s.since = Date.now();
          if (!s.first) { s.first = s.since - navStart; }
          var left = Math.max(0, duration - s.total);
          if (left === 0) { fire(s, r); } else {
            s.timer = setTimeout(function () { s.timer = 0; fire(s, r); }, left);
          }
        } else if (!visible && s.since) {
          // On-screen time adds up over separate periods of visibility.
          s.total += Date.now() - s.since;
          s.since = 0;
          if (s.timer) { clearTimeout(s.timer); s.timer = 0; }
          if (freq === 'MANY') { s.total = 0; }
        }
      });
    }, { threshold: [0, ratio, 1].filter(function (x, i, a) { return a.indexOf(x) === i; }) });
    var observed = [];
    function scan() {
      var list;
      try { list = document.querySelectorAll(sel); } catch (e) { note('error', 'visibility ' + t.name + ': bad selector ' + sel); return; }
      for (var i = 0; i < list.length; i++) {
        if (observed.indexOf(list[i]) < 0) { observed.push(list[i]); io.observe(list[i]); }
      }
    }
    scan();
    if (p.useDomChangeListener === 'true') {
      var pendingScan = false;
      new MutationObserver(function () {
        if (pendingScan) { return; }
        pendingScan = true;
        setTimeout(function () { pendingScan = false; scan(); }, 50);
      }).observe(document.documentElement, { childList: true, subtree: true, attributes: true });
    }
  }
  var navStart = Date.now();

  // ---- YouTube ------------------------------------------------------------
  // The runtime speaks the embed's postMessage protocol directly (the one the
  // YouTube iframe API uses): it asks each embed to report its state and
  // turns start, pause, progress and end into gtm.video pushes.
  var ytPlayers = [];
  var ytTriggers = [];
  var ytListening = false;
  function watchYouTube(t) {
    ytTriggers.push(t);
    if (!ytListening) {
      ytListening = true;
      window.addEventListener('message', onYouTubeMessage);
      setInterval(scanYouTube, 500);
    }
    scanYouTube();
  }
  function ytFrames() {
    return Array.prototype.filter.call(document.querySelectorAll('iframe'), function (f) {
      return /^https?:\/\/(www\.)?youtube(-nocookie)?\.com\/embed\//.test(f.src || '');
    });
  }
  function scanYouTube() {
    var fix = ytTriggers.some(function (t) { return t.params.fixMissingApi === 'true'; });
    ytFrames().forEach(function (f) {
      var u = parseURL(f.src);
      if (fix && u && u.searchParams.get('enablejsapi') !== '1') {
        u.searchParams.set('enablejsapi', '1');
        u.searchParams.set('origin', location.origin);
        f.src = u.href;
      }
      var p = ytPlayer(f);
      if (!p.hooked) {
        p.hooked = true;
        // A (re)loaded embed is a new player that must be asked to report.
        f.addEventListener('load', function () {
          p.ready = false;
          p.info = {};
          p.state = -1;
          p.started = false;
          p.done = {};
          listen(p);
        });
      }
      if (!p.ready) { listen(p); }
    });
  }
  function listen(p) {
    var f = p.frame;
    if (f.contentWindow) {
      safe(function () { f.contentWindow.postMessage(JSON.stringify({ event: 'listening', id: p.id, channel: 'widget' }), '*'); }, 'youtube');
    }
  }
  function ytPlayer(frame) {
    for (var i = 0; i < ytPlayers.length; i++) { if (ytPlayers[i].frame === frame) { return ytPlayers[i]; } }
    var p = { frame: frame, id: 'tagspec' + ytPlayers.length, info: {}, ready: false, state: -1, started: false, done: {} };
    ytPlayers.push(p);
    return p;
  }
  function onYouTubeMessage(e) {
    if (typeof e.origin !== 'string' || !/^https?:\/\/(www\.)?youtube(-nocookie)?\.com$/.test(e.origin)) { return; }
    var msg = safe(function () { return typeof e.data === 'string' ? JSON.parse(e.data) : e.data; }, 'youtube message');
    if (!msg || !msg.info && msg.event !== 'onReady') { return; }
    var p = null;
    for (var i = 0; i < ytPlayers.length; i++) { if (ytPlayers[i].frame.contentWindow === e.source) { p = ytPlayers[i]; } }
    if (!p) { return; }
    p.ready = true;
    if (msg.info) { for (var k in msg.info) { if (has(msg.info, k)) { p.info[k] = msg.info[k]; } } }
    var info = p.info;
    var dur = Number(info.duration) || 0;
    var cur = Number(info.currentTime) || 0;
    if (info.playerState !== undefined && info.playerState !== p.state) {
      var prev = p.state;
      p.state = info.playerState;
      if (p.state === 1 && !p.started) { p.started = true; ytEvent(p, 'start', 0); } else if (p.state === 2 && prev === 1) { ytEvent(p, 'pause', dur ? Math.floor(cur / dur * 100) : 0); } else if (p.state === 0) { ytEvent(p, 'complete', 100); }
    }
    if (dur > 0 && p.started) {
      var pct = cur / dur * 100;
      ytTriggers.forEach(function (t) {
        if (t.params.captureProgress !== 'true') { return; }
        thresholds(resolveString(t.params.progressThresholdsPercent)).forEach(function (th) {
          var key = t.id + ':' + th;
          if (p.done[key] || pct + 0.5 < th) { return; }
          p.done[key] = true;
          ytEvent(p, 'progress', th, t);
        });
      });
    }
  }
  function ytEvent(p, status, percent, only) {
    var info = p.info;
    var ids = [];
    ytTriggers.forEach(function (t) {
      if (only && t !== only) { return; }
      var cap = { start: 'captureStart', pause: 'capturePause', complete: 'captureComplete', progress: 'captureProgress' }[status];
      if (t.params[cap] === 'true') { ids.push(t.id); }
    });
    if (!ids.length) { return; }
    var data = info.videoData || {};
    var r = p.frame.getBoundingClientRect();
    pushEvent({
      event: 'gtm.video', 'gtm.videoProvider': 'youtube', 'gtm.videoStatus': status,
      'gtm.videoUrl': info.videoUrl || ('https://www.youtube.com/watch?v=' + (data.video_id || '')),
      'gtm.videoTitle': data.title || '', 'gtm.videoDuration': Math.round(Number(info.duration) || 0),
      'gtm.videoCurrentTime': Math.round(Number(info.currentTime) || 0), 'gtm.videoPercent': percent,
      'gtm.videoVisible': r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
      'gtm.element': p.frame, 'gtm.triggers': ids.join(',')
    });
  }
}());
