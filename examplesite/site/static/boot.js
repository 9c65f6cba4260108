/*
 * tagspec example site: the snippet every page runs first, as a site would
 * with a Google tag. It reads the page's <body data-*> settings:
 *   data-tid       measurement id (default G-TAGSPEC01)
 *   data-transport fetch | beacon | image
 *   data-consent   "none" to skip the consent default (hits go out before any choice)
 *   data-transport-url  first-party collection host (hits go to <url>/g/collect)
 * and the visitor's stored consent choice.
 */
window.dataLayer = window.dataLayer || [];
function gtag() { window.dataLayer.push(arguments); }
(function () {
  var b = document.currentScript && document.currentScript.dataset || {};
  var stored = '';
  try { stored = localStorage.getItem('tagspec-consent') || ''; } catch (e) { stored = ''; }
  if (b.consent !== 'none') {
    var v = stored || 'denied';
    gtag('consent', 'default', { ad_storage: v, analytics_storage: v, ad_user_data: v, ad_personalization: v });
  }
  gtag('js', new Date());
  var cfg = {};
  if (b.transport) { cfg.transport = b.transport; }
  if (b.transportUrl) { cfg.transport_url = b.transportUrl; }
  gtag('config', b.tid || 'G-TAGSPEC01', cfg);
}());
