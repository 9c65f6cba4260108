// The site's own behaviour: the consent banner, the newsletter form, the
// next article loaded in place (history.pushState), and the one dataLayer
// push the spec asks for: return_visit from the second arrival on. No
// tracking code: the GTM container decides what is measured.
(function () {
  'use strict';
  var banner = document.getElementById('consent-banner');
  function choose(value) {
    var update = { ad_storage: value, analytics_storage: value, ad_user_data: value, ad_personalization: value };
    try { localStorage.setItem('funnel-review-consent', JSON.stringify(update)); } catch (e) { /* private mode */ }
    gtag('consent', 'update', update);
    banner.hidden = true;
  }
  try { if (localStorage.getItem('funnel-review-consent')) { banner.hidden = true; } } catch (e) { /* ignore */ }
  document.getElementById('cookie-accept').addEventListener('click', function () { choose('granted'); });
  document.getElementById('cookie-deny').addEventListener('click', function () { choose('denied'); });

  var form = document.getElementById('newsletter');
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    form.hidden = true;
    document.getElementById('newsletter-done').hidden = false;
  });

  var next = document.getElementById('next-article');
  if (next) {
    next.addEventListener('click', function (e) {
      e.preventDefault();
      var href = next.getAttribute('href');
      document.getElementById('article').innerHTML = '<h1>Leading indicators</h1><p>Loaded in place.</p>';
      history.pushState({ article: href }, '', href);
    });
  }

  // Arrivals: page loads not reached from another page of this site.
  var fromSite = false;
  try { fromSite = !!document.referrer && new URL(document.referrer).origin === location.origin; } catch (e) { fromSite = false; }
  if (!fromSite) {
    var visits = 0, last = 0;
    try {
      visits = parseInt(localStorage.getItem('funnel-review-visits') || '0', 10) || 0;
      last = parseInt(localStorage.getItem('funnel-review-last') || '0', 10) || 0;
      localStorage.setItem('funnel-review-visits', String(visits + 1));
      localStorage.setItem('funnel-review-last', String(Date.now()));
    } catch (e) { /* private mode */ }
    if (visits >= 1) {
      window.dataLayer.push({ event: 'return_visit', visit_number: visits + 1,
        days_since_last_visit: Math.floor((Date.now() - last) / 86400000) });
    }
  }
}());
