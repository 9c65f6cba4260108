/*
 * tagspec example site: the site's own measurement wiring. It calls gtag()
 * the way a site team would, on the elements the example spec names. Pages
 * under /broken/ set <body data-broken="..."> to reproduce a tracking bug.
 */
(function () {
  'use strict';
  var d = document, body = d.body, broken = body.dataset.broken || '';
  // Served without tracking code (examplesite.Options.NoTracking), the site
  // keeps its behaviour and its dataLayer pushes but sends no event itself:
  // a GTM container running on the page decides what is measured.
  // siteFaults are the mistakes a test turned on in that mode.
  var noTracking = !!window.tagspecNoTracking, faults = window.tagspecSiteFaults || {};

  function send(name, params) {
    if (!noTracking) { gtag('event', name, params); }
  }

  function on(sel, type, fn) {
    d.querySelectorAll(sel).forEach(function (el) { el.addEventListener(type, function (ev) { fn(el, ev); }); });
  }

  // Consent banner.
  function choose(value) {
    try {
      localStorage.setItem('tagspec-consent', value);
      if (faults.analyticsOnlyConsent) { localStorage.setItem('tagspec-consent-scope', 'analytics'); }
    } catch (e) { /* private mode */ }
    if (broken === 'consent-ignored') { value = 'granted'; }
    if (faults.analyticsOnlyConsent) {
      gtag('consent', 'update', { analytics_storage: value });
    } else {
      gtag('consent', 'update', { ad_storage: value, analytics_storage: value, ad_user_data: value, ad_personalization: value });
    }
    var banner = d.getElementById('consent-banner');
    if (banner) { banner.hidden = true; }
  }
  on('#cookie-accept', 'click', function () { choose('granted'); });
  on('#cookie-deny', 'click', function () { choose('denied'); });
  try { if (localStorage.getItem('tagspec-consent')) { d.getElementById('consent-banner').hidden = true; } } catch (e) { /* ignore */ }

  if (broken === 'unexpected') { send('legacy_cta_view', { cta: 'hero' }); }

  // Pricing page view.
  if (location.pathname === '/pricing' || body.dataset.page === 'pricing') {
    var pv = { page_path: '/pricing' };
    if (broken === 'wire-limit') {
      pv.plan_comparison = new Array(16).join('starter-growth-scale ');
    }
    send('pricing_page_view', pv);
    // More than three minutes on the ROI calculator.
    var roi = d.getElementById('roi-calculator');
    if (roi) { setTimeout(function () { send('roi_calculator_engaged', { engaged_seconds: 180 }); }, 180000); }
  }

  // Proof content downloads.
  on('a.case-study-download', 'click', function (el) {
    var p = { content_type: 'case_study', industry: el.dataset.industry };
    if (el.dataset.contentId) { p.content_id = el.dataset.contentId; }
    send('case_study_download', p);
    if (broken === 'duplicate') { send('case_study_download', p); }
  });
  on('a[href*="/whitepapers/"]', 'click', function (el) {
    send('whitepaper_download', {
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
        send(v.dataset.track, { video_title: v.dataset.title || v.title, video_percent: 75 });
      }
    });
  });

  // Free trial: the site pushes a custom event once the account exists; the
  // tag configuration turns it into free_trial_start.
  if (window.tagspecTag) {
    window.tagspecTag.on('trial_started', function (e) {
      send('free_trial_start', { plan: e.plan, trial_days: e.trial_days });
    });
  }
  on('form#trial-signup', 'submit', function (form, ev) {
    ev.preventDefault();
    var plan = form.querySelector('[name=plan]');
    var push = {
      event: 'trial_started',
      plan: plan ? plan.value : 'starter',
      trial_days: broken === 'param-type' ? '14' : 14
    };
    if (faults.dropTrialDays) { delete push.trial_days; }
    window.dataLayer.push(push);
    var done = d.getElementById('trial-done');
    if (done) { done.hidden = false; }
  });

  // Demo request.
  on('form#demo-request', 'submit', function (form) {
    if (broken === 'missing') { return; }
    send('demo_request', { form_location: form.dataset.formLocation });
  });

  // ---- Newsletter (every page's footer).
  on('form#newsletter', 'submit', function (form, ev) {
    ev.preventDefault();
    send('newsletter_signup', { form_location: form.dataset.formLocation });
    var done = d.getElementById('newsletter-done');
    if (done) { done.hidden = false; }
  });

  // Sends an event once el has been at least ratio visible for ms.
  function whenSeen(el, ratio, ms, fn) {
    if (!el || !window.IntersectionObserver) { return; }
    var timer = 0, fired = false;
    new IntersectionObserver(function (entries) {
      entries.forEach(function (en) {
        if (fired) { return; }
        if (en.intersectionRatio >= ratio) {
          if (!timer) { timer = setTimeout(function () { fired = true; fn(); }, ms); }
        } else if (timer) {
          clearTimeout(timer);
          timer = 0;
        }
      });
    }, { threshold: [0, ratio, 1] }).observe(el);
  }

  // A form started (first input) and left without being submitted.
  function trackAbandon(form, name, params) {
    var started = false, submitted = false;
    form.addEventListener('input', function () { started = true; });
    form.addEventListener('submit', function () { submitted = true; });
    window.addEventListener('pagehide', function () {
      if (started && !submitted) {
        var p = { transport_type: 'beacon' };
        Object.keys(params).forEach(function (k) { p[k] = params[k]; });
        send(name, p);
      }
    });
  }

  // ---- E-commerce (starters/ecommerce.yaml): the site pushes GA4
  // ecommerce objects; the tag configuration sends them as events.
  var products = {
    'merino-tee': { item_id: 'SKU-1001', item_name: 'Merino Tee', price: 35 },
    'wool-socks': { item_id: 'SKU-2002', item_name: 'Wool Socks', price: 12 }
  };
  function ecommerce(product, extra) {
    var item = { item_id: product.item_id, item_name: product.item_name, price: product.price, quantity: 1 };
    var e = { currency: 'EUR', value: item.price * item.quantity, items: [item] };
    Object.keys(extra || {}).forEach(function (k) { e[k] = extra[k]; });
    return e;
  }
  function pushEcommerce(event, data) {
    window.dataLayer.push({ ecommerce: null });
    window.dataLayer.push({ event: event, ecommerce: data });
  }
  if (window.tagspecTag) {
    ['view_item', 'add_to_cart', 'add_to_wishlist', 'begin_checkout', 'purchase'].forEach(function (name) {
      window.tagspecTag.on(name, function (e) { send(name, e.ecommerce || {}); });
    });
  }
  var product = products[body.dataset.product];
  if (product) {
    pushEcommerce('view_item', ecommerce(product));
    on('button.add-to-cart', 'click', function () { pushEcommerce('add_to_cart', ecommerce(product)); });
    on('button.add-to-wishlist', 'click', function () { pushEcommerce('add_to_wishlist', ecommerce(product)); });
    whenSeen(d.getElementById('reviews'), 0.5, 2000, function () {
      send('product_reviews_viewed', { page_path: location.pathname });
    });
  }
  on('form#restock-alert', 'submit', function (form, ev) {
    ev.preventDefault();
    send('restock_alert_signup', { item_id: form.dataset.itemId });
    d.getElementById('restock-done').hidden = false;
  });
  on('a.filter', 'click', function (a, ev) {
    ev.preventDefault();
    history.pushState({}, '', a.getAttribute('href'));
    send('product_filter_apply', {
      page_path: location.pathname, filter_color: new URLSearchParams(location.search).get('color')
    });
  });
  if (location.pathname === '/checkout') {
    pushEcommerce('begin_checkout', ecommerce(products['merino-tee']));
    d.querySelectorAll('form#checkout').forEach(function (form) {
      trackAbandon(form, 'checkout_form_abandon', { form_id: form.id });
      form.addEventListener('submit', function (ev) {
        ev.preventDefault();
        pushEcommerce('purchase', ecommerce(products['merino-tee'], {
          transaction_id: 'T-' + Date.now(), shipping: 4.9, tax: 6.08
        }));
        d.getElementById('order-confirmation').hidden = false;
      });
    });
  }

  // ---- Content (starters/content.yaml).
  var visits = 0, last = 0;
  try {
    var ref = d.referrer ? new URL(d.referrer).origin : '';
    visits = Number(localStorage.getItem('tagspec-arrivals') || 0);
    last = Number(localStorage.getItem('tagspec-last-arrival') || 0);
    if (ref !== location.origin) {
      visits++;
      localStorage.setItem('tagspec-arrivals', String(visits));
      localStorage.setItem('tagspec-last-arrival', String(Date.now()));
    }
  } catch (e) { /* no storage */ }
  if (body.dataset.article) {
    if (window.tagspecTag) {
      window.tagspecTag.on('return_visit', function (e) {
        send('return_visit', { visit_number: e.visit_number, days_since_last_visit: e.days_since_last_visit });
      });
    }
    if (visits >= 2 && d.referrer.indexOf(location.origin) !== 0) {
      window.dataLayer.push({ event: 'return_visit', visit_number: visits, days_since_last_visit: Math.floor((Date.now() - last) / 86400000) });
    }
    var deep = false;
    window.addEventListener('scroll', function () {
      var el = d.documentElement, max = el.scrollHeight - window.innerHeight;
      if (!deep && max > 0 && window.scrollY / max >= 0.9) {
        deep = true;
        send('article_scroll_90', { percent_scrolled: 90, page_path: location.pathname });
      }
    }, { passive: true });
    whenSeen(d.getElementById('related-articles'), 0.5, 1000, function () {
      send('related_articles_view', { page_path: location.pathname });
    });
    setTimeout(function () { send('long_read', { page_path: location.pathname }); }, 90000);
    on('a#next-article', 'click', function (a, ev) {
      ev.preventDefault();
      history.pushState({}, '', a.getAttribute('href'));
      d.querySelector('h1').textContent = a.textContent.replace(/^Next: /, '');
      send('next_article_view', { page_path: location.pathname });
    });
  }
  on('a.content-download', 'click', function (a) {
    send('content_download', { content_id: a.dataset.contentId, link_url: a.getAttribute('href') });
  });

  // ---- Lead generation (starters/lead-gen.yaml).
  if (location.pathname.indexOf('/lp/') === 0) {
    var lp = { page_path: location.pathname };
    var campaign = new URLSearchParams(location.search).get('utm_campaign');
    if (campaign) { lp.landing_campaign = campaign; }
    send('landing_page_view', lp);
  }
  on('a.call-sales', 'click', function (a) {
    send('sales_call_click', { link_location: a.dataset.linkLocation });
  });
  if (window.tagspecTag) {
    window.tagspecTag.on('generate_lead', function (e) {
      send('generate_lead', { currency: e.currency, value: e.value, lead_source: e.lead_source });
    });
    window.tagspecTag.on('qualify_lead', function (e) {
      send('qualify_lead', { currency: e.currency, value: e.value, lead_score: e.lead_score });
    });
  }
  d.querySelectorAll('form#lead-form').forEach(function (form) {
    var where = form.dataset.formLocation, started = false;
    form.addEventListener('input', function () {
      if (!started) {
        started = true;
        send('lead_form_start', { form_location: where });
      }
    });
    trackAbandon(form, 'lead_form_abandon', { form_location: where });
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      send('lead_form_submit', { form_location: where });
      d.getElementById('thank-you').hidden = false;
      window.dataLayer.push({ event: 'generate_lead', currency: 'EUR', value: 50, lead_source: where });
    });
  });
  on('form#qualify', 'submit', function (form, ev) {
    ev.preventDefault();
    var budget = form.querySelector('[name=budget]').value, timeline = form.querySelector('[name=timeline]').value;
    var score = (budget === 'over_50k' ? 50 : budget === '10k_50k' ? 35 : 10) + (timeline === 'now' ? 40 : timeline === 'quarter' ? 30 : 5);
    if (score >= 60) {
      window.dataLayer.push({ event: 'qualify_lead', currency: 'EUR', value: 500, lead_score: score });
    }
    d.getElementById('qualified').hidden = false;
  });
}());
