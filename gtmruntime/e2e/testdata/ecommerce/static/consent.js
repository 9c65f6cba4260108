// The site's consent default, before anything else runs: denied, except
// what the visitor granted earlier (stored by the banner as JSON). No
// tracking code: the GTM container decides what is measured.
window.dataLayer = window.dataLayer || [];
function gtag() { window.dataLayer.push(arguments); }
(function () {
  var state = { ad_storage: 'denied', analytics_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' };
  try {
    var stored = JSON.parse(localStorage.getItem('fjord-consent') || '{}');
    for (var k in stored) { if (state[k] && (stored[k] === 'granted' || stored[k] === 'denied')) { state[k] = stored[k]; } }
  } catch (e) { /* nothing stored, or private mode */ }
  gtag('consent', 'default', state);
}());
