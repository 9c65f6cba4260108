/*
 * tagspec example site without tracking code (examplesite.Options.NoTracking):
 * the only script that runs before the page's own, in place of boot.js and
 * tag.js. It sets the consent default (denied, or the visitor's stored
 * choice) through the dataLayer and sends nothing: a GTM container running
 * on the page decides what is measured.
 */
window.tagspecNoTracking = true;
window.dataLayer = window.dataLayer || [];
function gtag() { window.dataLayer.push(arguments); }
(function () {
  var stored = '', scope = '';
  try {
    stored = localStorage.getItem('tagspec-consent') || '';
    scope = localStorage.getItem('tagspec-consent-scope') || '';
  } catch (e) { stored = ''; }
  var v = stored === 'granted' ? 'granted' : 'denied';
  var state = { ad_storage: v, analytics_storage: v, ad_user_data: v, ad_personalization: v };
  if (scope === 'analytics') {
    state = { ad_storage: 'denied', analytics_storage: v, ad_user_data: 'denied', ad_personalization: 'denied' };
  }
  gtag('consent', 'default', state);
}());
