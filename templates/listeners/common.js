// Shared helpers of every tagspec listener tag. tagspec wraps them, with the
// listener's own file, in one function whose local variable tagspec holds
// the listener's settings: {listener, event, selector, seconds, percent}.
// ES5 only, so GTM's Custom HTML tag accepts it.
var dataLayerName = 'dataLayer';

// matches reports whether el matches the CSS selector sel ('' matches all).
function matches(el, sel) {
  if (!el || el.nodeType !== 1) { return false; }
  if (!sel) { return true; }
  var fn = el.matches || el.msMatchesSelector || el.webkitMatchesSelector;
  try { return fn.call(el, sel); } catch (e) { return false; }
}

// closestForm returns the form that contains el, or null.
function closestForm(el) {
  while (el && el.nodeName !== 'FORM') { el = el.parentNode; }
  return el || null;
}

// push sends the listener's dataLayer event for element el, with the
// gtm.element* keys that GTM's auto-event variables read, plus extra keys.
function push(el, extra) {
  var msg = {
    'event': tagspec.event,
    'tagspec.listener': tagspec.listener,
    'gtm.element': el,
    'gtm.elementId': (el && el.id) || '',
    'gtm.elementClasses': (el && typeof el.className === 'string') ? el.className : ''
  };
  for (var k in extra) {
    if (Object.prototype.hasOwnProperty.call(extra, k)) { msg[k] = extra[k]; }
  }
  var dl = window[dataLayerName] = window[dataLayerName] || [];
  dl.push(msg);
}
