// The site's own behaviour: the consent banner, the lead form and its
// qualification questions, and the two dataLayer pushes the spec asks for
// (generate_lead after a lead-form submit, qualify_lead for a sales-
// qualified answer). No tracking code: the GTM container decides what is
// measured.
(function () {
  'use strict';
  var banner = document.getElementById('consent-banner');
  function choose(value) {
    var update = { ad_storage: value, analytics_storage: value, ad_user_data: value, ad_personalization: value };
    try { localStorage.setItem('brightline-consent', JSON.stringify(update)); } catch (e) { /* private mode */ }
    gtag('consent', 'update', update);
    banner.hidden = true;
  }
  try { if (localStorage.getItem('brightline-consent')) { banner.hidden = true; } } catch (e) { /* ignore */ }
  document.getElementById('cookie-accept').addEventListener('click', function () { choose('granted'); });
  document.getElementById('cookie-deny').addEventListener('click', function () { choose('denied'); });

  var lead = document.getElementById('lead-form');
  if (!lead) { return; }
  lead.addEventListener('submit', function (e) {
    e.preventDefault();
    lead.hidden = true;
    document.getElementById('thank-you').hidden = false;
    window.dataLayer.push({ event: 'generate_lead', currency: 'EUR', value: 50, lead_source: lead.getAttribute('data-form-location') });
  });
  var qualify = document.getElementById('qualify');
  qualify.addEventListener('submit', function (e) {
    e.preventDefault();
    var budget = { under_10k: 20, '10k_50k': 40, over_50k: 60 }[qualify.elements.budget.value] || 0;
    var timeline = { now: 40, quarter: 30, later: 0 }[qualify.elements.timeline.value] || 0;
    var score = budget + timeline;
    if (score >= 50) {
      window.dataLayer.push({ event: 'qualify_lead', currency: 'EUR', value: 500, lead_score: score });
    }
    qualify.hidden = true;
  });
}());
