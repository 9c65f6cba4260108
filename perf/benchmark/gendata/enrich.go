package main

import (
	"fmt"
	"hash/fnv"
	"math"
	"strconv"

	"github.com/tagspec/tagspec/ga4export"
)

// enricher turns the rows of benchmark.ExampleEvents (date, timestamp,
// name, user, session and a parameter or two) into full export rows: the
// device, geo, traffic sources, privacy, user properties, the parameters a
// GA4 web tag sends with every event, and items and ecommerce totals for
// e-commerce events. Every value is derived from a hash of the seed and of
// the user, the session or the event, so the output does not depend on
// anything but the input rows and the seed. The rows' own values (date,
// timestamp, name, user_pseudo_id, their event_params, the transaction id)
// are kept as they are, so tagspec reads the same answers from the full
// rows as from the narrow ones.
type enricher struct {
	seed     uint64
	lastSeen map[string]int64 // user_pseudo_id -> timestamp of the user's previous event
	platform string
	stream   string
}

func newEnricher(seed uint64) *enricher {
	return &enricher{seed: seed, lastSeen: map[string]int64{}, platform: "WEB", stream: "4178239522"}
}

// mix is the SplitMix64 finaliser: a well-spread 64-bit hash of x.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// draws hands out a sequence of pseudo-random numbers from one hash.
type draws struct{ s uint64 }

func (d *draws) next() uint64   { d.s = mix(d.s); return d.s }
func (d *draws) intn(n int) int { return int(d.next() % uint64(n)) }
func (d *draws) chance(p float64) bool {
	return float64(d.next()>>11)/(1<<53) < p
}

func hashString(seed uint64, s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return mix(seed ^ h.Sum64())
}

func pick[T any](d *draws, xs []T) *T { return &xs[d.intn(len(xs))] }

func ptr[T any](v T) *T { return &v }

type deviceProfile struct {
	category, brand, model, os, osVersion, browser, browserVersion string
}

var (
	devices = []deviceProfile{
		{"desktop", "Microsoft", "", "Windows", "Windows 10", "Chrome", "131.0.0.0"},
		{"desktop", "Microsoft", "", "Windows", "Windows 11", "Edge", "131.0.2903.86"},
		{"desktop", "Apple", "", "Macintosh", "Macintosh Intel 10.15", "Safari", "18.1"},
		{"desktop", "Apple", "", "Macintosh", "Macintosh Intel 10.15", "Chrome", "131.0.0.0"},
		{"desktop", "Google", "", "Linux", "Linux x86_64", "Firefox", "133.0"},
		{"mobile", "Apple", "iPhone", "iOS", "iOS 18.1.1", "Safari", "18.1"},
		{"mobile", "Apple", "iPhone", "iOS", "iOS 17.6.1", "Safari", "17.6"},
		{"mobile", "Samsung", "SM-S918B", "Android", "Android 14", "Samsung Internet", "26.0"},
		{"mobile", "Google", "Pixel 8", "Android", "Android 15", "Chrome", "131.0.6778.104"},
		{"mobile", "Xiaomi", "23078PND5G", "Android", "Android 13", "Chrome", "130.0.6723.107"},
		{"tablet", "Apple", "iPad", "iOS", "iOS 18.1", "Safari", "18.1"},
	}
	languages = []string{"en-us", "en-gb", "de-de", "fr-fr", "es-es", "it-it", "nl-nl", "sv-se", "ja-jp", "pt-br"}

	places = []struct{ city, country, continent, region, sub, metro string }{
		{"New York", "United States", "Americas", "New York", "Northern America", "New York NY"},
		{"San Jose", "United States", "Americas", "California", "Northern America", "San Francisco-Oakland-San Jose CA"},
		{"Chicago", "United States", "Americas", "Illinois", "Northern America", "Chicago IL"},
		{"Toronto", "Canada", "Americas", "Ontario", "Northern America", "(not set)"},
		{"London", "United Kingdom", "Europe", "England", "Northern Europe", "(not set)"},
		{"Berlin", "Germany", "Europe", "Berlin", "Western Europe", "(not set)"},
		{"Paris", "France", "Europe", "Ile-de-France", "Western Europe", "(not set)"},
		{"Madrid", "Spain", "Europe", "Community of Madrid", "Southern Europe", "(not set)"},
		{"Stockholm", "Sweden", "Europe", "Stockholm County", "Northern Europe", "(not set)"},
		{"Tokyo", "Japan", "Asia", "Tokyo", "Eastern Asia", "(not set)"},
		{"Sao Paulo", "Brazil", "Americas", "State of Sao Paulo", "South America", "(not set)"},
		{"", "India", "Asia", "", "Southern Asia", "(not set)"},
	}

	sources = []struct{ source, medium, campaign, platform, channel string }{
		{"google", "organic", "(organic)", "Google", "Organic Search"},
		{"(direct)", "(none)", "(direct)", "", "Direct"},
		{"google", "cpc", "spring_sale", "Google Ads", "Paid Search"},
		{"newsletter", "email", "weekly_digest", "", "Email"},
		{"facebook", "paid_social", "retargeting_q1", "Meta", "Paid Social"},
		{"bing", "organic", "(organic)", "", "Organic Search"},
		{"blog.example.org", "referral", "(referral)", "", "Referral"},
	}

	products = buildCatalog()
	pages    = []struct{ path, title string }{
		{"/", "Example Shop - Merino clothing"},
		{"/collections/tees", "Tees - Example Shop"},
		{"/collections/socks", "Socks - Example Shop"},
		{"/collections/tees?color=navy", "Tees - Example Shop"},
		{"/about", "About us - Example Shop"},
		{"/blog/caring-for-merino", "Caring for merino - Example Shop"},
		{"/cart", "Your cart - Example Shop"},
		{"/checkout", "Checkout - Example Shop"},
	}
	lists = []struct{ id, name string }{
		{"related_products", "Related products"},
		{"collection_tees", "Tees"},
		{"search_results", "Search results"},
	}
)

type product struct {
	id, name, brand, variant, cat, cat2, cat3 string
	price                                     float64
}

func buildCatalog() []product {
	kinds := []struct {
		name, cat2 string
		price      float64
	}{{"Merino Tee", "Tees", 35}, {"Wool Socks", "Socks", 12}, {"Trail Hoodie", "Hoodies", 79}, {"Base Layer", "Base layers", 55}, {"Beanie", "Accessories", 24}}
	colors := []string{"Navy", "Charcoal", "Forest", "Sand", "Black", "Rust", "Sky", "Plum"}
	var out []product
	for i, k := range kinds {
		for j, c := range colors {
			out = append(out, product{
				id: fmt.Sprintf("SKU-%d%03d", i+1, j), name: k.name + " " + c, brand: "Example Outdoor",
				variant: c, cat: "Apparel", cat2: k.cat2, cat3: "Unisex", price: k.price + float64(j%3)*5,
			})
		}
	}
	return out
}

// ecommerceEvents are the GA4 recommended events that carry items.
var ecommerceEvents = map[string]bool{
	"view_item": true, "view_item_list": true, "select_item": true, "add_to_cart": true, "remove_from_cart": true,
	"add_to_wishlist": true, "view_cart": true, "begin_checkout": true, "add_shipping_info": true,
	"add_payment_info": true, "purchase": true, "refund": true,
}

const eurToUSD = 1.08

func kvString(k, v string) keyValue    { return keyValue{Key: ptr(k), Value: &value{StringValue: ptr(v)}} }
func kvInt(k string, v int64) keyValue { return keyValue{Key: ptr(k), Value: &value{IntValue: ptr(v)}} }
func kvDouble(k string, v float64) keyValue {
	return keyValue{Key: ptr(k), Value: &value{DoubleValue: ptr(v)}}
}

func yesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

// row builds the full export row of ev.
func (g *enricher) row(ev *ga4export.Event) *exportRow {
	uh := hashString(g.seed, ev.UserPseudoID)
	sh := mix(uh ^ uint64(ev.SessionID))
	eh := mix(sh ^ uint64(ev.Timestamp) ^ hashString(0, ev.Name))
	ud, sd, ed := draws{uh}, draws{sh}, draws{eh}

	dev := pick(&ud, devices)
	place := pick(&ud, places)
	lang := pick(&ud, languages)
	first := pick(&ud, sources)
	firstTouch := ev.Timestamp - int64(ud.intn(120*86400))*1_000_000
	if ud.chance(0.25) { // new users were first seen in this session
		firstTouch = ev.SessionID * 1_000_000
	}
	var userID *string
	if ud.chance(0.15) {
		userID = ptr("cust-" + strconv.FormatUint(uh%10_000_000, 10))
	}
	sess := pick(&sd, sources)
	sessionNumber := int64(1 + sd.intn(14))
	landing := pick(&sd, pages)

	name := ev.Name
	row := &exportRow{
		EventDate:                  ptr(ev.Date),
		EventTimestamp:             ptr(ev.Timestamp),
		EventName:                  ptr(name),
		EventBundleSequenceID:      ptr(int64(ed.intn(1 << 30))),
		EventServerTimestampOffset: ptr(int64(50_000 + ed.intn(2_000_000))),
		UserID:                     userID,
		UserPseudoID:               ptr(ev.UserPseudoID),
		PrivacyInfo:                &privacyInfo{AnalyticsStorage: ptr("Yes"), AdsStorage: ptr(yesNo(ud.chance(0.7))), UsesTransientToken: ptr("No")},
		UserFirstTouchTimestamp:    ptr(firstTouch),
		Device: &device{
			Category: ptr(dev.category), MobileBrandName: ptr(dev.brand), MobileModelName: ptr(dev.model),
			MobileMarketingName: ptr(dev.model), OperatingSystem: ptr(dev.os), OperatingSystemVersion: ptr(dev.osVersion),
			Language: ptr(*lang), IsLimitedAdTracking: ptr("No"), Browser: ptr(dev.browser), BrowserVersion: ptr(dev.browserVersion),
			WebInfo: &webInfo{Browser: ptr(dev.browser), BrowserVersion: ptr(dev.browserVersion), Hostname: ptr("www.example.com")},
		},
		Geo:            &geo{City: ptr(place.city), Country: ptr(place.country), Continent: ptr(place.continent), Region: ptr(place.region), SubContinent: ptr(place.sub), Metro: ptr(place.metro)},
		TrafficSource:  &trafficSource{Name: ptr(first.campaign), Medium: ptr(first.medium), Source: ptr(first.source)},
		StreamID:       ptr(g.stream),
		Platform:       ptr(g.platform),
		IsActiveUser:   ptr(true),
		Items:          []item{},
		UserProperties: []userProperty{},
	}
	if prev, ok := g.lastSeen[ev.UserPseudoID]; ok && prev <= ev.Timestamp {
		row.EventPreviousTimestamp = ptr(prev)
	}
	g.lastSeen[ev.UserPseudoID] = ev.Timestamp
	if ud.chance(0.2) {
		row.UserProperties = append(row.UserProperties,
			userProperty{Key: ptr("customer_tier"), Value: &userValue{StringValue: ptr([]string{"bronze", "silver", "gold"}[ud.intn(3)]), SetTimestampMicros: ptr(firstTouch)}},
			userProperty{Key: ptr("orders_total"), Value: &userValue{IntValue: ptr(int64(1 + ud.intn(9))), SetTimestampMicros: ptr(firstTouch)}})
	}
	if ud.chance(0.3) {
		row.UserLTV = &userLTV{Revenue: ptr(round2(float64(ud.intn(40000)) / 100)), Currency: ptr("USD")}
	}

	// Session attribution: collected with the event on the landing hit,
	// and the session's last click on every row.
	mc := &manualCampaign{CampaignName: ptr(sess.campaign), Source: ptr(sess.source), Medium: ptr(sess.medium)}
	ccc := &crossChannelCampaign{CampaignName: ptr(sess.campaign), Source: ptr(sess.source), Medium: ptr(sess.medium), DefaultChannelGroup: ptr(sess.channel), PrimaryChannelGroup: ptr(sess.channel)}
	if sess.platform != "" {
		mc.SourcePlatform, ccc.SourcePlatform = ptr(sess.platform), ptr(sess.platform)
	}
	row.SessionTrafficSourceLastClick = &lastClick{ManualCampaign: mc, CrossChannelCampaign: ccc}
	if sess.medium == "cpc" {
		row.SessionTrafficSourceLastClick.GoogleAdsCampaign = &googleAdsCampaign{
			CustomerID: ptr("1234567890"), AccountName: ptr("Example Shop"), CampaignID: ptr("20671528341"),
			CampaignName: ptr(sess.campaign), AdGroupID: ptr("155217694001"), AdGroupName: ptr("merino tees"),
		}
	}
	landingHit := name == "session_start" || name == "first_visit"

	// event_params: the row's own first (ga_session_id, page_location, ...),
	// then what a GA4 web tag adds.
	params := make([]keyValue, 0, 20)
	has := map[string]bool{}
	for _, p := range ev.Params {
		kv := keyValue{Key: ptr(p.Key), Value: &value{}}
		switch p.Kind {
		case ga4export.ValueString:
			kv.Value.StringValue = ptr(p.String)
		case ga4export.ValueInt:
			kv.Value.IntValue = ptr(p.Int)
		case ga4export.ValueFloat:
			kv.Value.DoubleValue = ptr(p.Float)
		}
		params = append(params, kv)
		has[p.Key] = true
	}
	add := func(kv keyValue) {
		if !has[*kv.Key] {
			has[*kv.Key] = true
			params = append(params, kv)
		}
	}
	page := landing
	if !landingHit && name != "page_view" {
		page = pick(&ed, pages)
	}
	var items []*product
	if ecommerceEvents[name] {
		n := 1
		if name == "begin_checkout" || name == "purchase" || name == "view_cart" {
			n = 1 + ed.intn(3)
		}
		for range n {
			items = append(items, pick(&ed, products))
		}
	}
	pageURL := "https://www.example.com" + page.path
	pageTitle := page.title
	if name == "view_item" || name == "add_to_cart" || name == "add_to_wishlist" {
		pageURL = "https://www.example.com/products/" + items[0].id
		pageTitle = items[0].name + " - Example Shop"
	}
	add(kvInt("ga_session_number", sessionNumber))
	add(kvString("page_location", pageURL))
	add(kvString("page_title", pageTitle))
	if sd.chance(0.6) {
		add(kvString("page_referrer", "https://www.example.com"+pick(&sd, pages).path))
	}
	pageID := ev.SessionID*1000 + int64(sd.intn(1000))
	orderingID := int64(1 + ed.intn(40))
	add(kvInt("batch_page_id", pageID))
	add(kvInt("batch_ordering_id", orderingID))
	if ed.chance(0.9) {
		add(kvString("session_engaged", "1"))
	} else {
		add(kvInt("session_engaged", 1))
	}
	add(kvInt("engaged_session_event", 1))
	if !landingHit {
		add(kvInt("engagement_time_msec", int64(100+ed.intn(60000))))
	}
	if landingHit {
		add(kvInt("entrances", 1))
		add(kvString("source", sess.source))
		add(kvString("medium", sess.medium))
		add(kvString("campaign", sess.campaign))
		row.CollectedTrafficSource = &collectedSource{ManualSource: ptr(sess.source), ManualMedium: ptr(sess.medium), ManualCampaignName: ptr(sess.campaign)}
		if sess.medium == "cpc" {
			row.CollectedTrafficSource.Gclid = ptr("Cj0KCQiA" + strconv.FormatUint(sh%1_000_000_000_000, 36))
		}
	}
	if name == "scroll" {
		add(kvInt("percent_scrolled", 90))
	}
	add(kvInt("ignore_referrer", 0))
	add(kvString("debug_mode", "0"))

	if len(items) > 0 {
		var qty int64
		var total float64
		row.Items = make([]item, 0, len(items))
		for i, p := range items {
			q := int64(1)
			if name != "view_item" && ed.chance(0.2) {
				q = 2
			}
			qty += q
			rev := p.price * float64(q)
			total += rev
			it := item{
				ItemID: ptr(p.id), ItemName: ptr(p.name), ItemBrand: ptr(p.brand), ItemVariant: ptr(p.variant),
				ItemCategory: ptr(p.cat), ItemCategory2: ptr(p.cat2), ItemCategory3: ptr(p.cat3),
				ItemCategory4: ptr("(not set)"), ItemCategory5: ptr("(not set)"),
				PriceInUSD: ptr(round2(p.price * eurToUSD)), Price: ptr(p.price), Quantity: ptr(q),
				Coupon: ptr("(not set)"), Affiliation: ptr("Example Shop"), LocationID: ptr("(not set)"),
				ItemListIndex: ptr(strconv.Itoa(i + 1)), PromotionID: ptr("(not set)"), PromotionName: ptr("(not set)"),
				CreativeName: ptr("(not set)"), CreativeSlot: ptr("(not set)"),
				ItemParams: []keyValue{},
			}
			l := pick(&ed, lists)
			it.ItemListID, it.ItemListName = ptr(l.id), ptr(l.name)
			if name == "purchase" {
				it.ItemRevenue, it.ItemRevenueInUSD = ptr(rev), ptr(round2(rev*eurToUSD))
			}
			if ed.chance(0.3) {
				it.ItemParams = append(it.ItemParams, kvString("material", "merino"))
			}
			row.Items = append(row.Items, it)
		}
		add(kvString("currency", "EUR"))
		add(kvDouble("value", total))
		row.EventValueInUSD = ptr(round2(total * eurToUSD))
		c := &ecommerce{TotalItemQuantity: ptr(qty), UniqueItems: ptr(int64(len(items)))}
		if name == "purchase" {
			shipping, tax := 4.95, round2(total*0.2)
			c.PurchaseRevenue, c.PurchaseRevenueInUSD = ptr(total), ptr(round2(total*eurToUSD))
			c.ShippingValue, c.ShippingValueInUSD = ptr(shipping), ptr(round2(shipping*eurToUSD))
			c.TaxValue, c.TaxValueInUSD = ptr(tax), ptr(round2(tax*eurToUSD))
			c.RefundValue, c.RefundValueInUSD = ptr(0.0), ptr(0.0)
			add(kvDouble("shipping", shipping))
			add(kvDouble("tax", tax))
		}
		row.Ecommerce = c
	}
	if ev.TransactionID != "" {
		if row.Ecommerce == nil {
			row.Ecommerce = &ecommerce{}
		}
		row.Ecommerce.TransactionID = ptr(ev.TransactionID)
		add(kvString("transaction_id", ev.TransactionID))
	}
	row.EventParams = params
	row.BatchEventIndex = ptr(int64(ed.intn(20)))
	row.BatchPageID = ptr(pageID)
	row.BatchOrderingID = ptr(orderingID)
	return row
}
