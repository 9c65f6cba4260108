import { trackAddToCart, trackPurchase, type Item } from "./tagspec-events.js";

// Right calls.
const tee: Item = { item_id: "SKU-1001", item_name: "Merino Tee", price: 35, quantity: 1 };
trackAddToCart({ currency: "EUR", value: 35, items: [tee] });
trackPurchase({ transaction_id: "T-1234", currency: "EUR", value: 35, items: [{ item_name: "Merino Tee" }] });
trackPurchase({ transaction_id: "T-1235", currency: "EUR", value: 35, shipping: 4.9, tax: 6.08, items: [tee] });

// Wrong calls.
trackAddToCart({ currency: "EUR", value: 35 }); // tsc: TS2741
trackAddToCart({ currency: "EUR", value: "35", items: [tee] }); // tsc: TS2322
trackPurchase({ currency: "EUR", value: 35, items: [tee] }); // tsc: TS2741
trackPurchase({ transaction_id: "T-1", currency: "EUR", value: 35, shipping: "free", items: [tee] }); // tsc: TS2322
trackAddToCart({ currency: "EUR", value: 35, items: [{ price: 35, quantity: 1 }] }); // tsc: TS2322
trackAddToCart({ currency: "EUR", value: 35, items: [{ item_id: "SKU-1001", price: "35" }] }); // tsc: TS2322
trackAddToCart({ currency: "EUR", value: 35, items: [{ item_id: "SKU-1001", item_nme: "Tee" }] }); // tsc: TS2561
