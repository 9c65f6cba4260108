package main

import (
	"math"
	"strconv"
)

// jsonEncoder appends the NDJSON form of exportRow the way
// `bq extract --destination_format=NEWLINE_DELIMITED_JSON` writes a row:
// INT64 values as JSON strings, NULL fields (scalars and records) left
// out, empty repeated fields as [].
// It is written by hand (no reflection) because gendata writes gigabytes.
type jsonEncoder struct {
	b     []byte
	first bool
}

func (e *jsonEncoder) key(k string) {
	if !e.first {
		e.b = append(e.b, ',')
	}
	e.first = false
	e.b = append(e.b, '"')
	e.b = append(e.b, k...)
	e.b = append(e.b, '"', ':')
}

// open starts a record after its key; close ends it.
func (e *jsonEncoder) open()  { e.b = append(e.b, '{'); e.first = true }
func (e *jsonEncoder) close() { e.b = append(e.b, '}'); e.first = false }

func (e *jsonEncoder) str(k string, v *string) {
	if v == nil {
		return
	}
	e.key(k)
	e.b = strconv.AppendQuoteToASCII(e.b, *v)
}

func (e *jsonEncoder) int(k string, v *int64) {
	if v == nil {
		return
	}
	e.key(k)
	e.b = append(e.b, '"')
	e.b = strconv.AppendInt(e.b, *v, 10)
	e.b = append(e.b, '"')
}

func (e *jsonEncoder) float(k string, v *float64) {
	if v == nil || math.IsNaN(*v) || math.IsInf(*v, 0) {
		return
	}
	e.key(k)
	e.b = strconv.AppendFloat(e.b, *v, 'g', -1, 64)
}

func (e *jsonEncoder) bool(k string, v *bool) {
	if v == nil {
		return
	}
	e.key(k)
	switch {
	case *v:
		e.b = append(e.b, "true"...)
	default:
		e.b = append(e.b, "false"...)
	}
}

// record writes a nested record, or nothing when present is false.
func (e *jsonEncoder) record(k string, present bool, fields func()) {
	if !present {
		return
	}
	e.key(k)
	e.open()
	fields()
	e.close()
}

func (e *jsonEncoder) keyValues(k string, kvs []keyValue) {
	e.key(k)
	e.b = append(e.b, '[')
	for i := range kvs {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		kv := &kvs[i]
		e.open()
		e.str("key", kv.Key)
		v := kv.Value
		e.record("value", v != nil, func() {
			e.str("string_value", v.StringValue)
			e.int("int_value", v.IntValue)
			e.float("float_value", v.FloatValue)
			e.float("double_value", v.DoubleValue)
		})
		e.close()
	}
	e.b = append(e.b, ']')
	e.first = false
}

// appendRowJSON appends row as one NDJSON line (with its newline) to b.
func appendRowJSON(b []byte, row *exportRow) []byte {
	e := jsonEncoder{b: b}
	e.open()
	e.str("event_date", row.EventDate)
	e.int("event_timestamp", row.EventTimestamp)
	e.str("event_name", row.EventName)
	e.keyValues("event_params", row.EventParams)
	e.int("event_previous_timestamp", row.EventPreviousTimestamp)
	e.float("event_value_in_usd", row.EventValueInUSD)
	e.int("event_bundle_sequence_id", row.EventBundleSequenceID)
	e.int("event_server_timestamp_offset", row.EventServerTimestampOffset)
	e.str("user_id", row.UserID)
	e.str("user_pseudo_id", row.UserPseudoID)
	if p := row.PrivacyInfo; true {
		e.record("privacy_info", p != nil, func() {
			e.str("analytics_storage", p.AnalyticsStorage)
			e.str("ads_storage", p.AdsStorage)
			e.str("uses_transient_token", p.UsesTransientToken)
		})
	}
	e.key("user_properties")
	e.b = append(e.b, '[')
	for i := range row.UserProperties {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		up := &row.UserProperties[i]
		e.open()
		e.str("key", up.Key)
		v := up.Value
		e.record("value", v != nil, func() {
			e.str("string_value", v.StringValue)
			e.int("int_value", v.IntValue)
			e.float("float_value", v.FloatValue)
			e.float("double_value", v.DoubleValue)
			e.int("set_timestamp_micros", v.SetTimestampMicros)
		})
		e.close()
	}
	e.b = append(e.b, ']')
	e.int("user_first_touch_timestamp", row.UserFirstTouchTimestamp)
	if l := row.UserLTV; true {
		e.record("user_ltv", l != nil, func() {
			e.float("revenue", l.Revenue)
			e.str("currency", l.Currency)
		})
	}
	if d := row.Device; true {
		e.record("device", d != nil, func() {
			e.str("category", d.Category)
			e.str("mobile_brand_name", d.MobileBrandName)
			e.str("mobile_model_name", d.MobileModelName)
			e.str("mobile_marketing_name", d.MobileMarketingName)
			e.str("mobile_os_hardware_model", d.MobileOSHardwareModel)
			e.str("operating_system", d.OperatingSystem)
			e.str("operating_system_version", d.OperatingSystemVersion)
			e.str("vendor_id", d.VendorID)
			e.str("advertising_id", d.AdvertisingID)
			e.str("language", d.Language)
			e.str("is_limited_ad_tracking", d.IsLimitedAdTracking)
			e.int("time_zone_offset_seconds", d.TimeZoneOffsetSeconds)
			e.str("browser", d.Browser)
			e.str("browser_version", d.BrowserVersion)
			w := d.WebInfo
			e.record("web_info", w != nil, func() {
				e.str("browser", w.Browser)
				e.str("browser_version", w.BrowserVersion)
				e.str("hostname", w.Hostname)
			})
		})
	}
	if g := row.Geo; true {
		e.record("geo", g != nil, func() {
			e.str("city", g.City)
			e.str("country", g.Country)
			e.str("continent", g.Continent)
			e.str("region", g.Region)
			e.str("sub_continent", g.SubContinent)
			e.str("metro", g.Metro)
		})
	}
	if a := row.AppInfo; true {
		e.record("app_info", a != nil, func() {
			e.str("id", a.ID)
			e.str("version", a.Version)
			e.str("install_store", a.InstallStore)
			e.str("firebase_app_id", a.FirebaseAppID)
			e.str("install_source", a.InstallSource)
		})
	}
	if t := row.TrafficSource; true {
		e.record("traffic_source", t != nil, func() {
			e.str("name", t.Name)
			e.str("medium", t.Medium)
			e.str("source", t.Source)
		})
	}
	e.str("stream_id", row.StreamID)
	e.str("platform", row.Platform)
	if d := row.EventDimensions; true {
		e.record("event_dimensions", d != nil, func() { e.str("hostname", d.Hostname) })
	}
	if c := row.Ecommerce; true {
		e.record("ecommerce", c != nil, func() {
			e.int("total_item_quantity", c.TotalItemQuantity)
			e.float("purchase_revenue_in_usd", c.PurchaseRevenueInUSD)
			e.float("purchase_revenue", c.PurchaseRevenue)
			e.float("refund_value_in_usd", c.RefundValueInUSD)
			e.float("refund_value", c.RefundValue)
			e.float("shipping_value_in_usd", c.ShippingValueInUSD)
			e.float("shipping_value", c.ShippingValue)
			e.float("tax_value_in_usd", c.TaxValueInUSD)
			e.float("tax_value", c.TaxValue)
			e.int("unique_items", c.UniqueItems)
			e.str("transaction_id", c.TransactionID)
		})
	}
	e.key("items")
	e.b = append(e.b, '[')
	for i := range row.Items {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		it := &row.Items[i]
		e.open()
		e.str("item_id", it.ItemID)
		e.str("item_name", it.ItemName)
		e.str("item_brand", it.ItemBrand)
		e.str("item_variant", it.ItemVariant)
		e.str("item_category", it.ItemCategory)
		e.str("item_category2", it.ItemCategory2)
		e.str("item_category3", it.ItemCategory3)
		e.str("item_category4", it.ItemCategory4)
		e.str("item_category5", it.ItemCategory5)
		e.float("price_in_usd", it.PriceInUSD)
		e.float("price", it.Price)
		e.int("quantity", it.Quantity)
		e.float("item_revenue_in_usd", it.ItemRevenueInUSD)
		e.float("item_revenue", it.ItemRevenue)
		e.float("item_refund_in_usd", it.ItemRefundInUSD)
		e.float("item_refund", it.ItemRefund)
		e.str("coupon", it.Coupon)
		e.str("affiliation", it.Affiliation)
		e.str("location_id", it.LocationID)
		e.str("item_list_id", it.ItemListID)
		e.str("item_list_name", it.ItemListName)
		e.str("item_list_index", it.ItemListIndex)
		e.str("promotion_id", it.PromotionID)
		e.str("promotion_name", it.PromotionName)
		e.str("creative_name", it.CreativeName)
		e.str("creative_slot", it.CreativeSlot)
		e.keyValues("item_params", it.ItemParams)
		e.close()
	}
	e.b = append(e.b, ']')
	if c := row.CollectedTrafficSource; true {
		e.record("collected_traffic_source", c != nil, func() {
			e.str("manual_campaign_id", c.ManualCampaignID)
			e.str("manual_campaign_name", c.ManualCampaignName)
			e.str("manual_source", c.ManualSource)
			e.str("manual_medium", c.ManualMedium)
			e.str("manual_term", c.ManualTerm)
			e.str("manual_content", c.ManualContent)
			e.str("manual_source_platform", c.ManualSourcePlatform)
			e.str("manual_creative_format", c.ManualCreativeFormat)
			e.str("manual_marketing_tactic", c.ManualMarketingTactic)
			e.str("gclid", c.Gclid)
			e.str("dclid", c.Dclid)
			e.str("srsltid", c.Srsltid)
		})
	}
	e.bool("is_active_user", row.IsActiveUser)
	e.int("batch_event_index", row.BatchEventIndex)
	e.int("batch_page_id", row.BatchPageID)
	e.int("batch_ordering_id", row.BatchOrderingID)
	if l := row.SessionTrafficSourceLastClick; true {
		e.record("session_traffic_source_last_click", l != nil, func() {
			m := l.ManualCampaign
			e.record("manual_campaign", m != nil, func() {
				e.str("campaign_id", m.CampaignID)
				e.str("campaign_name", m.CampaignName)
				e.str("source", m.Source)
				e.str("medium", m.Medium)
				e.str("term", m.Term)
				e.str("content", m.Content)
				e.str("source_platform", m.SourcePlatform)
				e.str("creative_format", m.CreativeFormat)
				e.str("marketing_tactic", m.MarketingTactic)
			})
			g := l.GoogleAdsCampaign
			e.record("google_ads_campaign", g != nil, func() {
				e.str("customer_id", g.CustomerID)
				e.str("account_name", g.AccountName)
				e.str("campaign_id", g.CampaignID)
				e.str("campaign_name", g.CampaignName)
				e.str("ad_group_id", g.AdGroupID)
				e.str("ad_group_name", g.AdGroupName)
			})
			x := l.CrossChannelCampaign
			e.record("cross_channel_campaign", x != nil, func() {
				e.str("campaign_id", x.CampaignID)
				e.str("campaign_name", x.CampaignName)
				e.str("source", x.Source)
				e.str("medium", x.Medium)
				e.str("source_platform", x.SourcePlatform)
				e.str("default_channel_group", x.DefaultChannelGroup)
				e.str("primary_channel_group", x.PrimaryChannelGroup)
			})
		})
	}
	e.close()
	return append(e.b, '\n')
}
