/*
 * tagspec example site: the site's own measurement wiring. It calls gtag()
 * the way a site team would, on the elements the example spec names. Pages
 * under /broken/ set <body data-broken="..."> to reproduce a tracking bug.
 */
(function () {
  'use strict';
  var d = document, body = d.body, broken = body.dataset.broken || '';

  function on(sel, type, fn) {
    d.querySelectorAll(sel).forEach(function (el) { el.addEventListener(type, function (ev) { fn(el, ev); }); });
  }

  // Consent banner.
  function choose(value) {
    try { localStorage.setItem('tagspec-consent', value); } catch (e) { /* private mode */ }
    if (broken === 'consent-ignored') { value = 'granted'; }
    gtag('consent', 'update', { ad_storage: value, analytics_storage: value, ad_user_data: value, ad_personalization: value });
    var banner = d.getElementById('consent-banner');
    if (banner) { banner.hidden = true; }
  }
  on('#cookie-accept', 'click', function () { choose('granted'); });
  on('#cookie-deny', 'click', function () { choose('denied'); });
  try { if (localStorage.getItem('tagspec-consent')) { d.getElementById('consent-banner').hidden = true; } } catch (e) { /* ignore */ }

  if (broken === 'unexpected') { gtag('event', 'legacy_cta_view', { cta: 'hero' }); }

  // Pricing page view.
  if (location.pathname === '/pricing' || body.dataset.page === 'pricing') {
    var pv = { page_path: '/pricing' };
    if (broken === 'wire-limit') {
      pv.plan_comparison = new Array(16).join('starter-growth-scale ');
    }
    gtag('event', 'pricing_page_view', pv);
    // More than three minutes on the ROI calculator.
    var roi = d.getElementById('roi-calculator');
    if (roi) { setTimeout(function () { gtag('event', 'roi_calculator_engaged', { engaged_seconds: 180 }); }, 180000); }
  }

  // Proof content downloads.
  on('a.case-study-download', 'click', function (el) {
    var p = { content_type: 'case_study', industry: el.dataset.industry };
    if (el.dataset.contentId) { p.content_id = el.dataset.contentId; }
    gtag('event', 'case_study_download', p);
    if (broken === 'duplicate') { gtag('event', 'case_study_download', p); }
  });
  on('a[href*="/whitepapers/"]', 'click', function (el) {
    gtag('event', 'whitepaper_download', {
      content_type: 'whitepaper', content_id: el.dataset.contentId, link_url: el.getAttribute('href')
    });
  });

  // HTML5 video progress: the tour video past 75%.
  d.querySelectorAll('video[data-track]').forEach(function (v) {
    var sent = false;
    v.addEventListener('timeupdate', function () {
      if (sent || !v.duration || !isFinite(v.duration)) { return; }
      var pct = v.currentTime / v.duration * 100;
      if (pct >= 75) {
        sent = true;
        gtag('event', v.dataset.track, { video_title: v.dataset.title || v.title, video_percent: 75 });
      }
    });
  });

  // Free trial: the site pushes a custom event once the account exists; the
  // tag configuration turns it into free_trial_start.
  if (window.tagspecTag) {
    window.tagspecTag.on('trial_started', function (e) {
      gtag('event', 'free_trial_start', { plan: e.plan, trial_days: e.trial_days });
    });
  }
  on('form#trial-signup', 'submit', function (form, ev) {
    ev.preventDefault();
    var plan = form.querySelector('[name=plan]');
    window.dataLayer.push({
      event: 'trial_started',
      plan: plan ? plan.value : 'starter',
      trial_days: broken === 'param-type' ? '14' : 14
    });
    var done = d.getElementById('trial-done');
    if (done) { done.hidden = false; }
  });

  // Demo request.
  on('form#demo-request', 'submit', function (form) {
    if (broken === 'missing') { return; }
    gtag('event', 'demo_request', { form_location: form.dataset.formLocation });
  });
}());
