// The site's own behaviour: the consent banner and the one dataLayer push
// the spec asks for (trial_started once the trial exists). siteFlags, set by
// the test server, turns on the broken variants.
(function () {
  'use strict';
  var flags = window.siteFlags || {};
  var banner = document.getElementById('consent-banner');
  function choose(value) {
    var update = { analytics_storage: value };
    if (!flags.analyticsOnly) {
      update.ad_storage = value;
      update.ad_user_data = value;
      update.ad_personalization = value;
    }
    try { localStorage.setItem('northwind-consent', JSON.stringify(update)); } catch (e) { /* private mode */ }
    gtag('consent', 'update', update);
    banner.hidden = true;
  }
  try { if (localStorage.getItem('northwind-consent')) { banner.hidden = true; } } catch (e) { /* ignore */ }
  document.getElementById('cookie-accept').addEventListener('click', function () { choose('granted'); });
  document.getElementById('cookie-deny').addEventListener('click', function () { choose('denied'); });

  var trial = document.getElementById('trial-signup');
  if (trial) {
    trial.addEventListener('submit', function (e) {
      e.preventDefault();
      var push = { event: 'trial_started', plan: trial.elements.plan.value, trial_days: 14 };
      if (flags.dropTrialDays) { delete push.trial_days; }
      window.dataLayer.push(push);
      document.getElementById('trial-done').hidden = false;
    });
  }
}());
