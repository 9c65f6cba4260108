// The site's own behaviour: the consent banner, collection filters that
// change the URL in place, and the ecommerce dataLayer pushes the spec asks
// for (view_item, add_to_cart, add_to_wishlist, begin_checkout, purchase),
// each after clearing the previous ecommerce object. No tracking code: the
// GTM container decides what is measured.
(function () {
  'use strict';
  var banner = document.getElementById('consent-banner');
  function choose(value) {
    var update = { ad_storage: value, analytics_storage: value, ad_user_data: value, ad_personalization: value };
    try { localStorage.setItem('fjord-consent', JSON.stringify(update)); } catch (e) { /* private mode */ }
    gtag('consent', 'update', update);
    banner.hidden = true;
  }
  try { if (localStorage.getItem('fjord-consent')) { banner.hidden = true; } } catch (e) { /* ignore */ }
  document.getElementById('cookie-accept').addEventListener('click', function () { choose('granted'); });
  document.getElementById('cookie-deny').addEventListener('click', function () { choose('denied'); });

  function ecommerce(event, items, extra) {
    var value = 0;
    items.forEach(function (it) { value += it.price * it.quantity; });
    var data = { currency: 'EUR', value: value, items: items };
    for (var k in extra || {}) { data[k] = extra[k]; }
    window.dataLayer.push({ ecommerce: null });
    window.dataLayer.push({ event: event, ecommerce: data });
  }
  function on(sel, type, fn) {
    Array.prototype.forEach.call(document.querySelectorAll(sel), function (el) { el.addEventListener(type, function (e) { fn(el, e); }); });
  }

  var product = document.getElementById('product');
  if (product) {
    var item = { item_id: product.dataset.sku, item_name: product.dataset.name, price: Number(product.dataset.price), quantity: 1 };
    ecommerce('view_item', [item]);
    on('button.add-to-cart', 'click', function () { ecommerce('add_to_cart', [item]); });
    on('button.add-to-wishlist', 'click', function () { ecommerce('add_to_wishlist', [item]); });
    on('form#restock-alert', 'submit', function (form, e) { e.preventDefault(); form.hidden = true; });
  }

  on('a.filter', 'click', function (a, e) {
    e.preventDefault();
    history.pushState({ color: a.dataset.color }, '', a.getAttribute('href'));
  });

  var checkout = document.getElementById('checkout');
  if (checkout) {
    var cart = [{ item_id: 'SKU-1001', item_name: 'Merino Tee', price: 35, quantity: 1 }];
    ecommerce('begin_checkout', cart);
    checkout.addEventListener('submit', function (e) {
      e.preventDefault();
      checkout.hidden = true;
      document.getElementById('order-confirmation').hidden = false;
      ecommerce('purchase', cart, { transaction_id: 'T-' + Date.now(), shipping: 4.5, tax: 7.35 });
    });
  }
}());
