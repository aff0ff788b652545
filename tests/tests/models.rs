//! Property tests of the generated models: values round-trip through JSON
//! unchanged (tri-state fields included), and decoding arbitrary JSON never
//! panics.

use clerk_backend_api::models::{
    ClerkErrors, CreateOrganizationInvitationBody, CreateOrganizationInvitationBulkBodyItem,
    ListInstanceOrganizationInvitationsStatus, OrganizationInvitation, OrganizationInvitations,
    OrganizationInvitationsWithPublicOrganizationData, RevokeOrganizationInvitationBody,
};
use clerk_backend_api::Nullable;
use proptest::prelude::*;
use serde_json::{json, Value};

fn nullable<T: std::fmt::Debug + Clone>(
    inner: impl Strategy<Value = T>,
) -> impl Strategy<Value = Nullable<T>> {
    prop_oneof![
        Just(Nullable::Omitted),
        Just(Nullable::Null),
        inner.prop_map(Nullable::Value)
    ]
}

fn metadata() -> impl Strategy<Value = serde_json::Map<String, Value>> {
    proptest::collection::btree_map("[a-z]{1,5}", any::<i32>().prop_map(Value::from), 0..3)
        .prop_map(|m| m.into_iter().collect())
}

prop_compose! {
    fn body()(
        email in "[a-z]{1,8}@[a-z]{1,5}\\.com",
        role in "org:[a-z]{1,6}",
        inviter in nullable("user_[0-9a-z]{1,6}"),
        public in nullable(metadata()),
        private in nullable(metadata()),
        redirect in nullable("https://[a-z]{1,8}\\.example/[a-z]{0,5}"),
        days in nullable(1i32..=365),
        notify in nullable(any::<bool>()),
    ) -> CreateOrganizationInvitationBody {
        let mut b = CreateOrganizationInvitationBody::new(email, role);
        b.inviter_user_id = inviter;
        b.public_metadata = public;
        b.private_metadata = private;
        b.redirect_url = redirect;
        b.expires_in_days = days;
        b.notify = notify;
        b
    }
}

fn text() -> impl Strategy<Value = String> {
    "\\PC{0,12}"
}

prop_compose! {
    fn invitation_json()(
        id in text(), email in text(), role in text(), role_name in text(),
        org in proptest::option::of(text()),
        inviter in proptest::option::of(text()),
        status in proptest::option::of(text()),
        url in proptest::option::of(text()),
        expires in proptest::option::of(any::<i64>()),
        created in any::<i64>(), updated in any::<i64>(),
        public in metadata(),
        object in prop_oneof![Just("organization_invitation".to_string()), text()],
        extra in proptest::option::of(text()),
    ) -> Value {
        let mut v = json!({
            "object": object, "id": id, "email_address": email, "role": role, "role_name": role_name,
            "inviter_id": inviter, "public_inviter_data": null, "public_metadata": public,
            "url": url, "expires_at": expires, "created_at": created, "updated_at": updated,
        });
        if let Some(org) = org { v["organization_id"] = json!(org); }
        if let Some(status) = status { v["status"] = json!(status); }
        if let Some(extra) = extra { v["field_from_the_future"] = json!(extra); }
        v
    }
}

/// Arbitrary JSON, nested a few levels.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        text().prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map(
                prop_oneof![
                    text(),
                    Just("data".to_string()),
                    Just("id".to_string()),
                    Just("errors".to_string()),
                    Just("total_count".to_string()),
                    Just("object".to_string()),
                ],
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn request_bodies_round_trip_with_their_three_states(b in body()) {
        let json = serde_json::to_value(&b).unwrap();
        // Omitted fields are absent, null ones are null.
        prop_assert_eq!(json.get("redirect_url").is_none(), b.redirect_url.is_omitted());
        prop_assert_eq!(json.get("notify").is_some_and(Value::is_null), b.notify.is_null());
        let back: CreateOrganizationInvitationBody = serde_json::from_value(json).unwrap();
        prop_assert_eq!(back, b);
    }

    #[test]
    fn bulk_items_and_revoke_bodies_round_trip(b in body(), requesting in nullable("[a-z_0-9]{1,8}")) {
        let mut item = CreateOrganizationInvitationBulkBodyItem::new(b.email_address.clone(), b.role.clone());
        item.redirect_url = b.redirect_url.clone();
        item.notify = b.notify;
        let back: CreateOrganizationInvitationBulkBodyItem =
            serde_json::from_str(&serde_json::to_string(&item).unwrap()).unwrap();
        prop_assert_eq!(back, item);
        let revoke = RevokeOrganizationInvitationBody { requesting_user_id: requesting, ..Default::default() };
        let back: RevokeOrganizationInvitationBody =
            serde_json::from_str(&serde_json::to_string(&revoke).unwrap()).unwrap();
        prop_assert_eq!(back, revoke);
    }

    #[test]
    fn responses_round_trip(v in invitation_json()) {
        let decoded: OrganizationInvitation = serde_json::from_value(v).unwrap();
        let again: OrganizationInvitation = serde_json::from_value(serde_json::to_value(&decoded).unwrap()).unwrap();
        prop_assert_eq!(again, decoded);
    }

    #[test]
    fn enums_keep_any_value(s in text()) {
        let status = ListInstanceOrganizationInvitationsStatus::from(s.as_str());
        prop_assert_eq!(status.as_str(), s.as_str());
        let back: ListInstanceOrganizationInvitationsStatus =
            serde_json::from_value(serde_json::to_value(&status).unwrap()).unwrap();
        prop_assert_eq!(back, status);
    }

    #[test]
    fn decoding_arbitrary_json_never_panics(v in any_json()) {
        let text = v.to_string();
        let _ = serde_json::from_str::<OrganizationInvitation>(&text);
        let _ = serde_json::from_str::<OrganizationInvitations>(&text);
        let _ = serde_json::from_str::<OrganizationInvitationsWithPublicOrganizationData>(&text);
        let _ = serde_json::from_str::<ClerkErrors>(&text);
        let _ = serde_json::from_str::<CreateOrganizationInvitationBody>(&text);
        let _ = serde_json::from_str::<ListInstanceOrganizationInvitationsStatus>(&text);
    }
}
