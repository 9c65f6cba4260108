package lint

import (
	"maps"
	"slices"
)

// GA4 name tables. Sources are in docs/ga4-rules.md of the tagspec docs:
// the web and Measurement Protocol reserved-name lists, the enhanced
// measurement and automatically collected events, and the recommended event
// reference.

// Limits GA4 applies to collected data.
const (
	maxEventNameLen     = 40
	maxParamsPerEvent   = 25
	maxParamNameLen     = 40
	maxParamValueLen    = 100
	maxKeyEvents        = 30
	maxCustomDimensions = 50 // event-scoped, standard property
	maxUserProperties   = 25
	maxUserPropNameLen  = 24
	maxUserPropValueLen = 36
)

// longValueParams are the automatically collected parameters GA4 accepts
// longer values for.
var longValueParams = map[string]int{
	"page_title":    300,
	"page_referrer": 420,
	"page_location": 1000,
}

// automaticEvents are collected by GA4 itself (automatically or through
// enhanced measurement). A custom event of the same name double-counts.
var automaticEvents = map[string]string{
	"page_view":           "enhanced measurement (page views)",
	"scroll":              "enhanced measurement (scrolls, at 90% depth)",
	"click":               "enhanced measurement (outbound clicks)",
	"file_download":       "enhanced measurement (file downloads)",
	"form_start":          "enhanced measurement (form interactions)",
	"form_submit":         "enhanced measurement (form interactions)",
	"video_start":         "enhanced measurement (video engagement)",
	"video_progress":      "enhanced measurement (video engagement)",
	"video_complete":      "enhanced measurement (video engagement)",
	"view_search_results": "enhanced measurement (site search)",
	"user_engagement":     "GA4 automatically",
	"session_start":       "GA4 automatically",
	"first_visit":         "GA4 automatically",
}

// reservedEvents are event names GA4 reserves: the web list, the
// Measurement Protocol list, video_complete (the web list's "view_complete"
// is read as both) and the app-only events a web stream may not send.
var reservedEvents = setOf(
	// web
	"ad_impression", "app_remove", "app_store_refund", "app_store_subscription_cancel",
	"app_store_subscription_renew", "click", "error", "file_download", "first_open", "first_visit",
	"form_start", "form_submit", "in_app_purchase", "page_view", "scroll", "session_start",
	"user_engagement", "view_complete", "video_complete", "video_progress", "video_start",
	"view_search_results",
	// Measurement Protocol (and app streams)
	"ad_activeview", "ad_click", "ad_exposure", "ad_query", "ad_reward", "adunit_exposure",
	"app_clear_data", "app_exception", "app_install", "app_update", "app_upgrade",
	"dynamic_link_app_open", "dynamic_link_app_update", "dynamic_link_first_open",
	"firebase_campaign", "firebase_in_app_message_action", "firebase_in_app_message_dismiss",
	"firebase_in_app_message_impression", "notification_dismiss", "notification_foreground",
	"notification_open", "notification_receive", "notification_send", "os_update",
	// app streams only
	"screen_view",
)

// reservedEventPrefixes may not start an event name.
var reservedEventPrefixes = []string{"firebase_", "google_", "ga_", "query_id"}

// reservedParamPrefixes may not start a parameter name.
var reservedParamPrefixes = []string{"_", "firebase_", "ga_", "google_", "gtag."}

// reservedParams may not be registered as custom dimensions, so a custom
// parameter with one of these names is lost for reporting.
var reservedParams = setOf(
	"cid", "currency", "customer_id", "customerid", "dclid", "gclid", "session_id", "sessionid",
	"sfmc_id", "sid", "srsltid", "uid", "user_id", "userid",
	"engagement_time_msec", "session_number", "firebase_conversion",
)

// builtinRoleParams are reserved parameters that GA4 documents as event
// parameters when their value comes from the GTM built-in variable of the
// same role (Analytics Session ID / Number, engagement time).
var builtinRoleParams = setOf("session_id", "session_number", "engagement_time_msec")

// reservedUserProps are user property names GA4 reserves.
var reservedUserProps = setOf(
	"cid", "customer_id", "customerid", "first_open_after_install", "first_open_time",
	"first_visit_time", "google_allow_ad_personalization_signals", "last_advertising_id_reset",
	"last_deep_link_referrer", "last_gclid", "lifetime_user_engagement", "non_personalized_ads",
	"session_id", "session_number", "sessionid", "sfmc_id", "sid", "uid", "user_id", "userid",
	// display names reserved by Google, matched without regard to case
	"age", "gender", "interest",
)

// reservedUserPropPrefixes may not start a user property name.
var reservedUserPropPrefixes = []string{"_", "firebase_", "ga_", "google_"}

// recommended describes a GA4 recommended event.
type recommended struct {
	// required parameters, in the order the reference lists them.
	required []string
	// revenue: value and currency are "required for meaningful reporting".
	revenue bool
	// params the event documents (besides required), so that using them in
	// their documented role (currency on add_to_cart) is not flagged.
	params []string
}

// recommendedEvents is the GA4 recommended event reference.
var recommendedEvents = map[string]recommended{
	// ecommerce
	"add_payment_info":  {required: []string{"items"}, revenue: true, params: []string{"coupon", "payment_type"}},
	"add_shipping_info": {required: []string{"items"}, revenue: true, params: []string{"coupon", "shipping_tier"}},
	"add_to_cart":       {required: []string{"items"}, revenue: true},
	"add_to_wishlist":   {required: []string{"items"}, revenue: true},
	"begin_checkout":    {required: []string{"items"}, revenue: true, params: []string{"coupon"}},
	"purchase":          {required: []string{"transaction_id", "items"}, revenue: true, params: []string{"customer_type", "coupon", "shipping", "tax"}},
	"refund":            {required: []string{"transaction_id"}, revenue: true, params: []string{"coupon", "shipping", "tax", "items"}},
	"remove_from_cart":  {required: []string{"items"}, revenue: true},
	"select_item":       {required: []string{"items"}, params: []string{"item_list_id", "item_list_name"}},
	"select_promotion":  {params: []string{"creative_name", "creative_slot", "promotion_id", "promotion_name", "items"}},
	"view_cart":         {required: []string{"items"}, revenue: true},
	"view_item":         {required: []string{"items"}, revenue: true},
	"view_item_list":    {required: []string{"items"}, params: []string{"item_list_id", "item_list_name"}},
	"view_promotion":    {required: []string{"items"}, params: []string{"creative_name", "creative_slot", "promotion_id", "promotion_name"}},
	// lead generation
	"generate_lead":        {revenue: true, params: []string{"lead_source"}},
	"qualify_lead":         {revenue: true},
	"disqualify_lead":      {revenue: true, params: []string{"disqualified_lead_reason"}},
	"working_lead":         {revenue: true, params: []string{"lead_status"}},
	"close_convert_lead":   {revenue: true},
	"close_unconvert_lead": {revenue: true, params: []string{"unconvert_lead_reason"}},
	// all properties, games
	"login":                  {params: []string{"method"}},
	"sign_up":                {params: []string{"method"}},
	"search":                 {required: []string{"search_term"}},
	"share":                  {params: []string{"method", "content_type", "item_id"}},
	"select_content":         {params: []string{"content_type", "content_id"}},
	"join_group":             {params: []string{"group_id"}},
	"earn_virtual_currency":  {params: []string{"virtual_currency_name", "value"}},
	"spend_virtual_currency": {required: []string{"value", "virtual_currency_name"}, params: []string{"item_name"}},
	"tutorial_begin":         {},
	"tutorial_complete":      {},
	"level_start":            {params: []string{"level_name"}},
	"level_end":              {params: []string{"level_name", "success"}},
	"level_up":               {params: []string{"level", "character"}},
	"post_score":             {required: []string{"score"}, params: []string{"level", "character"}},
	"unlock_achievement":     {required: []string{"achievement_id"}},
	"campaign_details":       {params: []string{"campaign_id", "campaign", "source", "medium", "term", "content"}},
	"exception":              {params: []string{"description", "fatal"}},
}

// virtualCurrencyEvents send value in a virtual currency, without currency.
var virtualCurrencyEvents = setOf("earn_virtual_currency", "spend_virtual_currency")

// synonyms lists, per recommended event, the normalised names (lower case,
// no separators) that people commonly give it instead.
var synonyms = []struct {
	event string
	names []string
}{
	{"sign_up", []string{"register", "registration", "createaccount", "accountcreated", "accountcreate", "signedup"}},
	{"login", []string{"signin", "logon", "loggedin", "userlogin"}},
	{"generate_lead", []string{"lead", "leadgenerated", "newlead", "leadsubmitted", "leadsubmit"}},
	{"add_to_cart", []string{"addtobasket", "addtobag", "addedtocart", "cartadd", "productadded"}},
	{"remove_from_cart", []string{"removefrombasket", "removedfromcart", "productremoved"}},
	{"begin_checkout", []string{"checkout", "startcheckout", "checkoutstarted", "checkoutstart", "initiatecheckout"}},
	{"purchase", []string{"order", "ordercomplete", "ordercompleted", "orderplaced", "checkoutcomplete",
		"checkoutcompleted", "transaction", "purchasecomplete", "purchased", "completepurchase"}},
	{"add_to_wishlist", []string{"addtofavorites", "addtofavourites", "wishlistadd"}},
	{"view_item", []string{"productview", "viewproduct", "productviewed", "productdetailview"}},
	{"view_cart", []string{"cartview", "cartviewed"}},
	{"search", []string{"sitesearch", "searchsubmitted"}},
	{"tutorial_begin", []string{"tutorialstart", "tutorialstarted"}},
	{"tutorial_complete", []string{"tutorialcompleted"}},
}

// eventSynonyms maps a normalised name to the recommended event it most
// likely means: the recommended events themselves (so SignUp and sign-up
// find sign_up) and their synonyms.
var eventSynonyms = buildSynonyms()

func buildSynonyms() map[string]string {
	m := make(map[string]string)
	for _, name := range slices.Sorted(maps.Keys(recommendedEvents)) {
		m[normaliseName(name)] = name
	}
	for _, g := range synonyms {
		for _, n := range g.names {
			m[n] = g.event
		}
	}
	return m
}

// numericParams are parameters GA4 reads as numbers; sent as strings they
// arrive as text and do not sum.
var numericParams = setOf("value", "price", "quantity", "tax", "shipping", "discount")

// knownGA4Params are parameter names GA4 defines, exempt from the naming
// style rule because their spelling is fixed.
var knownGA4Params = setOf(
	"currency", "value", "items", "transaction_id", "coupon", "payment_type", "shipping_tier",
	"customer_type", "shipping", "tax", "item_list_id", "item_list_name", "creative_name",
	"creative_slot", "promotion_id", "promotion_name", "lead_source", "disqualified_lead_reason",
	"lead_status", "unconvert_lead_reason", "method", "search_term", "content_type", "item_id",
	"content_id", "group_id", "virtual_currency_name", "item_name", "level_name", "success", "level",
	"character", "score", "achievement_id", "description", "fatal", "page_location", "page_referrer",
	"page_title", "percent_scrolled", "link_url", "link_domain", "link_id", "link_classes",
	"link_text", "outbound", "file_extension", "file_name", "form_id", "form_name",
	"form_destination", "form_submit_text", "video_current_time", "video_duration",
	"video_percent", "video_provider", "video_title", "video_url", "visible",
	"engagement_time_msec", "session_id", "session_number", "price", "quantity", "discount",
)

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}
