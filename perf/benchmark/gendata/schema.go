package main

// exportRow is one row of the GA4 BigQuery export table events_YYYYMMDD
// with every top-level column, in the table's column order. Field names and
// nesting follow the export schema; the parquet tags give the column layout
// `bq extract --destination_format=PARQUET` writes (optional top-level
// columns, repeated records as three-level LISTs such as
// event_params.list.element.key). The NDJSON form is written by
// appendRowJSON from the same struct, so both formats hold the same values.
type exportRow struct {
	EventDate                     *string          `parquet:"event_date,optional"`
	EventTimestamp                *int64           `parquet:"event_timestamp,optional"`
	EventName                     *string          `parquet:"event_name,optional"`
	EventParams                   []keyValue       `parquet:"event_params,list"`
	EventPreviousTimestamp        *int64           `parquet:"event_previous_timestamp,optional"`
	EventValueInUSD               *float64         `parquet:"event_value_in_usd,optional"`
	EventBundleSequenceID         *int64           `parquet:"event_bundle_sequence_id,optional"`
	EventServerTimestampOffset    *int64           `parquet:"event_server_timestamp_offset,optional"`
	UserID                        *string          `parquet:"user_id,optional"`
	UserPseudoID                  *string          `parquet:"user_pseudo_id,optional"`
	PrivacyInfo                   *privacyInfo     `parquet:"privacy_info,optional"`
	UserProperties                []userProperty   `parquet:"user_properties,list"`
	UserFirstTouchTimestamp       *int64           `parquet:"user_first_touch_timestamp,optional"`
	UserLTV                       *userLTV         `parquet:"user_ltv,optional"`
	Device                        *device          `parquet:"device,optional"`
	Geo                           *geo             `parquet:"geo,optional"`
	AppInfo                       *appInfo         `parquet:"app_info,optional"`
	TrafficSource                 *trafficSource   `parquet:"traffic_source,optional"`
	StreamID                      *string          `parquet:"stream_id,optional"`
	Platform                      *string          `parquet:"platform,optional"`
	EventDimensions               *eventDimensions `parquet:"event_dimensions,optional"`
	Ecommerce                     *ecommerce       `parquet:"ecommerce,optional"`
	Items                         []item           `parquet:"items,list"`
	CollectedTrafficSource        *collectedSource `parquet:"collected_traffic_source,optional"`
	IsActiveUser                  *bool            `parquet:"is_active_user,optional"`
	BatchEventIndex               *int64           `parquet:"batch_event_index,optional"`
	BatchPageID                   *int64           `parquet:"batch_page_id,optional"`
	BatchOrderingID               *int64           `parquet:"batch_ordering_id,optional"`
	SessionTrafficSourceLastClick *lastClick       `parquet:"session_traffic_source_last_click,optional"`
}

// keyValue is an entry of event_params or items.item_params.
type keyValue struct {
	Key   *string `parquet:"key,optional"`
	Value *value  `parquet:"value,optional"`
}

// value is the value record of a parameter: exactly one field is set.
type value struct {
	StringValue *string  `parquet:"string_value,optional"`
	IntValue    *int64   `parquet:"int_value,optional"`
	FloatValue  *float64 `parquet:"float_value,optional"`
	DoubleValue *float64 `parquet:"double_value,optional"`
}

type userProperty struct {
	Key   *string    `parquet:"key,optional"`
	Value *userValue `parquet:"value,optional"`
}

type userValue struct {
	StringValue        *string  `parquet:"string_value,optional"`
	IntValue           *int64   `parquet:"int_value,optional"`
	FloatValue         *float64 `parquet:"float_value,optional"`
	DoubleValue        *float64 `parquet:"double_value,optional"`
	SetTimestampMicros *int64   `parquet:"set_timestamp_micros,optional"`
}

type privacyInfo struct {
	AnalyticsStorage   *string `parquet:"analytics_storage,optional"`
	AdsStorage         *string `parquet:"ads_storage,optional"`
	UsesTransientToken *string `parquet:"uses_transient_token,optional"`
}

type userLTV struct {
	Revenue  *float64 `parquet:"revenue,optional"`
	Currency *string  `parquet:"currency,optional"`
}

type device struct {
	Category               *string  `parquet:"category,optional"`
	MobileBrandName        *string  `parquet:"mobile_brand_name,optional"`
	MobileModelName        *string  `parquet:"mobile_model_name,optional"`
	MobileMarketingName    *string  `parquet:"mobile_marketing_name,optional"`
	MobileOSHardwareModel  *string  `parquet:"mobile_os_hardware_model,optional"`
	OperatingSystem        *string  `parquet:"operating_system,optional"`
	OperatingSystemVersion *string  `parquet:"operating_system_version,optional"`
	VendorID               *string  `parquet:"vendor_id,optional"`
	AdvertisingID          *string  `parquet:"advertising_id,optional"`
	Language               *string  `parquet:"language,optional"`
	IsLimitedAdTracking    *string  `parquet:"is_limited_ad_tracking,optional"`
	TimeZoneOffsetSeconds  *int64   `parquet:"time_zone_offset_seconds,optional"`
	Browser                *string  `parquet:"browser,optional"`
	BrowserVersion         *string  `parquet:"browser_version,optional"`
	WebInfo                *webInfo `parquet:"web_info,optional"`
}

type webInfo struct {
	Browser        *string `parquet:"browser,optional"`
	BrowserVersion *string `parquet:"browser_version,optional"`
	Hostname       *string `parquet:"hostname,optional"`
}

type geo struct {
	City         *string `parquet:"city,optional"`
	Country      *string `parquet:"country,optional"`
	Continent    *string `parquet:"continent,optional"`
	Region       *string `parquet:"region,optional"`
	SubContinent *string `parquet:"sub_continent,optional"`
	Metro        *string `parquet:"metro,optional"`
}

type appInfo struct {
	ID            *string `parquet:"id,optional"`
	Version       *string `parquet:"version,optional"`
	InstallStore  *string `parquet:"install_store,optional"`
	FirebaseAppID *string `parquet:"firebase_app_id,optional"`
	InstallSource *string `parquet:"install_source,optional"`
}

type trafficSource struct {
	Name   *string `parquet:"name,optional"`
	Medium *string `parquet:"medium,optional"`
	Source *string `parquet:"source,optional"`
}

type eventDimensions struct {
	Hostname *string `parquet:"hostname,optional"`
}

type ecommerce struct {
	TotalItemQuantity    *int64   `parquet:"total_item_quantity,optional"`
	PurchaseRevenueInUSD *float64 `parquet:"purchase_revenue_in_usd,optional"`
	PurchaseRevenue      *float64 `parquet:"purchase_revenue,optional"`
	RefundValueInUSD     *float64 `parquet:"refund_value_in_usd,optional"`
	RefundValue          *float64 `parquet:"refund_value,optional"`
	ShippingValueInUSD   *float64 `parquet:"shipping_value_in_usd,optional"`
	ShippingValue        *float64 `parquet:"shipping_value,optional"`
	TaxValueInUSD        *float64 `parquet:"tax_value_in_usd,optional"`
	TaxValue             *float64 `parquet:"tax_value,optional"`
	UniqueItems          *int64   `parquet:"unique_items,optional"`
	TransactionID        *string  `parquet:"transaction_id,optional"`
}

type item struct {
	ItemID           *string    `parquet:"item_id,optional"`
	ItemName         *string    `parquet:"item_name,optional"`
	ItemBrand        *string    `parquet:"item_brand,optional"`
	ItemVariant      *string    `parquet:"item_variant,optional"`
	ItemCategory     *string    `parquet:"item_category,optional"`
	ItemCategory2    *string    `parquet:"item_category2,optional"`
	ItemCategory3    *string    `parquet:"item_category3,optional"`
	ItemCategory4    *string    `parquet:"item_category4,optional"`
	ItemCategory5    *string    `parquet:"item_category5,optional"`
	PriceInUSD       *float64   `parquet:"price_in_usd,optional"`
	Price            *float64   `parquet:"price,optional"`
	Quantity         *int64     `parquet:"quantity,optional"`
	ItemRevenueInUSD *float64   `parquet:"item_revenue_in_usd,optional"`
	ItemRevenue      *float64   `parquet:"item_revenue,optional"`
	ItemRefundInUSD  *float64   `parquet:"item_refund_in_usd,optional"`
	ItemRefund       *float64   `parquet:"item_refund,optional"`
	Coupon           *string    `parquet:"coupon,optional"`
	Affiliation      *string    `parquet:"affiliation,optional"`
	LocationID       *string    `parquet:"location_id,optional"`
	ItemListID       *string    `parquet:"item_list_id,optional"`
	ItemListName     *string    `parquet:"item_list_name,optional"`
	ItemListIndex    *string    `parquet:"item_list_index,optional"`
	PromotionID      *string    `parquet:"promotion_id,optional"`
	PromotionName    *string    `parquet:"promotion_name,optional"`
	CreativeName     *string    `parquet:"creative_name,optional"`
	CreativeSlot     *string    `parquet:"creative_slot,optional"`
	ItemParams       []keyValue `parquet:"item_params,list"`
}

type collectedSource struct {
	ManualCampaignID      *string `parquet:"manual_campaign_id,optional"`
	ManualCampaignName    *string `parquet:"manual_campaign_name,optional"`
	ManualSource          *string `parquet:"manual_source,optional"`
	ManualMedium          *string `parquet:"manual_medium,optional"`
	ManualTerm            *string `parquet:"manual_term,optional"`
	ManualContent         *string `parquet:"manual_content,optional"`
	ManualSourcePlatform  *string `parquet:"manual_source_platform,optional"`
	ManualCreativeFormat  *string `parquet:"manual_creative_format,optional"`
	ManualMarketingTactic *string `parquet:"manual_marketing_tactic,optional"`
	Gclid                 *string `parquet:"gclid,optional"`
	Dclid                 *string `parquet:"dclid,optional"`
	Srsltid               *string `parquet:"srsltid,optional"`
}

type lastClick struct {
	ManualCampaign       *manualCampaign       `parquet:"manual_campaign,optional"`
	GoogleAdsCampaign    *googleAdsCampaign    `parquet:"google_ads_campaign,optional"`
	CrossChannelCampaign *crossChannelCampaign `parquet:"cross_channel_campaign,optional"`
}

type manualCampaign struct {
	CampaignID      *string `parquet:"campaign_id,optional"`
	CampaignName    *string `parquet:"campaign_name,optional"`
	Source          *string `parquet:"source,optional"`
	Medium          *string `parquet:"medium,optional"`
	Term            *string `parquet:"term,optional"`
	Content         *string `parquet:"content,optional"`
	SourcePlatform  *string `parquet:"source_platform,optional"`
	CreativeFormat  *string `parquet:"creative_format,optional"`
	MarketingTactic *string `parquet:"marketing_tactic,optional"`
}

type googleAdsCampaign struct {
	CustomerID   *string `parquet:"customer_id,optional"`
	AccountName  *string `parquet:"account_name,optional"`
	CampaignID   *string `parquet:"campaign_id,optional"`
	CampaignName *string `parquet:"campaign_name,optional"`
	AdGroupID    *string `parquet:"ad_group_id,optional"`
	AdGroupName  *string `parquet:"ad_group_name,optional"`
}

type crossChannelCampaign struct {
	CampaignID          *string `parquet:"campaign_id,optional"`
	CampaignName        *string `parquet:"campaign_name,optional"`
	Source              *string `parquet:"source,optional"`
	Medium              *string `parquet:"medium,optional"`
	SourcePlatform      *string `parquet:"source_platform,optional"`
	DefaultChannelGroup *string `parquet:"default_channel_group,optional"`
	PrimaryChannelGroup *string `parquet:"primary_channel_group,optional"`
}
