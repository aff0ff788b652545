//! Paths and operations to IR operations: parameters, body, success type and
//! the error variant for each documented status.

use openapiv3::{
    Operation as OaOperation, Parameter, ParameterSchemaOrContent, QueryStyle, ReferenceOr,
    RequestBody, Response, StatusCode,
};

use super::schema::SchemaRef;
use super::view::view;
use super::Ctx;
use crate::diag::{push, Diagnostic};
use crate::ir::{
    Body, BodyField, BodyMedia, ErrorCase, MultipartField, Operation, Param, ParamLocation,
    ParamStyle, PathPart, Payload, Presence, StatusMatch, StreamKind, Streaming, Success,
    SuccessCase, Ty, TypeKind,
};
use crate::names::{snake_name, type_name, Namespace};

/// `Client` methods that are not operations.
const RESERVED_METHODS: &[&str] = &[
    "new",
    "with_base_url",
    "with_http_client",
    "with_retry",
    "with_timeout",
    "with_deadline",
    "with_user_agent",
    "with_hook",
    "with_max_response_size",
    "with_decoding",
    "with_server",
    "with_header",
    "without_header",
    "with_max_event_size",
    "from_client_credentials",
    "base_url",
];

/// The names `operations.rs` imports, which its builders and success enums
/// cannot take (emit/operations.rs writes the imports).
pub(super) const OPERATIONS_IMPORTS: &[&str] = &[
    "CallOptions",
    "Client",
    "Duration",
    "Error",
    "Method",
    "Nullable",
    "Part",
    "Request",
    "Response",
    "RetryPolicy",
    "Style",
];

/// Builder methods that are not parameter setters.
const RESERVED_SETTERS: &[&str] = &["send", "client", "options", "to_request"];

/// The names `Client` methods cannot take.
pub(super) fn methods_namespace() -> Namespace {
    Namespace::with_reserved(RESERVED_METHODS)
}

impl<'a> Ctx<'a> {
    pub(super) fn operations(&mut self, methods_ns: &mut Namespace) -> Vec<Operation> {
        let mut out = Vec::new();
        let api = self.api;
        // What an operation's own server is compared with and completed by.
        let api_url = api.servers.first().map(server_url);
        for (path, item) in &api.paths.paths {
            let path_pointer = push("/paths", path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { .. } => {
                    self.error(
                        Diagnostic::error("a path item that is a `$ref` is not supported")
                            .at(path_pointer),
                    );
                    continue;
                }
            };
            for (method, op) in item.iter() {
                let pointer = push(&path_pointer, method);
                if let Some(mut resolved) =
                    self.operation(path, method, op, &item.parameters, &pointer, methods_ns)
                {
                    resolved.server = op
                        .servers
                        .first()
                        .or(item.servers.first())
                        .and_then(|server| operation_server(server, api_url.as_deref()));
                    out.push(resolved);
                }
            }
        }
        out
    }

    fn operation(
        &mut self,
        path: &str,
        method: &str,
        op: &'a OaOperation,
        path_level: &'a [ReferenceOr<Parameter>],
        pointer: &str,
        methods_ns: &mut Namespace,
    ) -> Option<Operation> {
        let id = op
            .operation_id
            .clone()
            .unwrap_or_else(|| format!("{method} {path}"));
        let builder_name = self
            .types_ns
            .claim_avoiding(type_name(&id, "Operation"), OPERATIONS_IMPORTS);
        let error_name = self.types_ns.claim(format!("{builder_name}Error"));
        let method_name = methods_ns.claim(snake_name(&id, "operation"));
        let mut setters = Namespace::with_reserved(RESERVED_SETTERS);

        // Operation-level parameters replace path-level ones with the same
        // name and location.
        let path_pointer = &pointer[..pointer.rfind('/').unwrap_or(0)];
        let mut raw: Vec<(&'a Parameter, String)> = Vec::new();
        for (i, p) in path_level.iter().enumerate() {
            if let Some(found) =
                self.parameter(p, &push(&push(path_pointer, "parameters"), &i.to_string()))
            {
                raw.push(found);
            }
        }
        for (i, p) in op.parameters.iter().enumerate() {
            if let Some((data, at)) =
                self.parameter(p, &push(&push(pointer, "parameters"), &i.to_string()))
            {
                raw.retain(|(d, _)| !same_parameter(d, data));
                raw.push((data, at));
            }
        }

        let body = self.body(op, pointer, &builder_name, &mut setters);
        let mut params = Vec::new();
        for (data, at) in raw {
            let location = match data {
                Parameter::Path { .. } => ParamLocation::Path,
                Parameter::Query { .. } => ParamLocation::Query,
                Parameter::Header { .. } => ParamLocation::Header,
                Parameter::Cookie { .. } => ParamLocation::Cookie,
            };
            let d = data.parameter_data_ref();
            let ty = match &d.format {
                ParameterSchemaOrContent::Schema(s) => {
                    // A shared parameter's inline type is named after the
                    // component, not after the first operation using it.
                    let hint = match at.strip_prefix("/components/parameters/") {
                        Some(component) => type_name(&crate::diag::unescape(component), "Param"),
                        None => format!("{builder_name}{}", type_name(&d.name, "Param")),
                    };
                    self.ty(SchemaRef::from(s), &push(&at, "schema"), &hint, 0)
                }
                ParameterSchemaOrContent::Content(_) => {
                    self.warn(
                        Diagnostic::warning(format!(
                            "parameter `{}` uses `content`; it is sent as a JSON string",
                            d.name
                        ))
                        .at(&at),
                    );
                    Ty::String
                }
            };
            let style = self.param_style(data, &ty);
            params.push(Param {
                name: setters.claim(snake_name(&d.name, "param")),
                wire_name: d.name.clone(),
                location,
                required: d.required || location == ParamLocation::Path,
                style,
                ty,
                doc: d.description.clone(),
                deprecated: d.deprecated.unwrap_or(false),
            });
        }

        let path_parts = self.path_parts(path, &mut params, &mut setters, pointer)?;
        let (success, errors) = self.responses(op, pointer, &builder_name)?;
        let pagination = self.pagination(op, pointer, &params, &success, &mut setters);
        let stream = self.streaming(op, pointer, &builder_name, &success, &mut setters);
        let timeout_setter = setters.claim("with_timeout".into());
        let retry_setter = setters.claim("with_retry".into());
        let deadline_setter = setters.claim("with_deadline".into());
        // Claimed last, so that parameter setters keep the names they had.
        let body_fields = self.body_fields(body.as_ref(), &mut setters);
        // An operation's `security` replaces the top level's.
        let requirements = op.security.as_ref().or(self.api.security.as_ref());
        Some(Operation {
            id,
            method_name,
            builder_name,
            error_name,
            http_method: method.to_ascii_uppercase(),
            path: path.to_string(),
            path_parts,
            summary: op.summary.clone(),
            description: op.description.clone(),
            deprecated: op.deprecated,
            params,
            body,
            success,
            errors,
            pagination,
            stream,
            timeout_setter,
            retry_setter,
            deadline_setter,
            body_fields,
            pointer: pointer.to_string(),
            tags: op.tags.clone(),
            // None at either level, or an empty list, means no credentials.
            anonymous: requirements.is_none_or(|r| r.is_empty()),
            server: None,
            idempotency_key: None,
            error_alias: None,
            error_gate: Default::default(),
            decoded_in_crate: false,
            security: Some(
                self.security
                    .requirements(requirements.map_or(&[], |r| &r[..])),
            ),
            gate: Default::default(),
        })
    }

    /// The fields of an optional body whose model can be made empty (no
    /// required field), as builder setters.
    fn body_fields(&self, body: Option<&Body>, setters: &mut Namespace) -> Vec<BodyField> {
        let Some(Body {
            ty: Ty::Named(name),
            required: false,
            ..
        }) = body
        else {
            return Vec::new();
        };
        let Some(TypeKind::Struct(s)) = self.lookup(*name).map(|t| &t.kind) else {
            return Vec::new();
        };
        let optional = |p: &Presence| matches!(p, Presence::Optional | Presence::OptionalNullable);
        if !s.fields.iter().all(|f| optional(&f.presence)) {
            return Vec::new();
        }
        s.fields
            .iter()
            .map(|f| BodyField {
                field: f.name.clone(),
                setter: setters.claim(f.name.trim_start_matches("r#").to_string()),
                null_setter: (f.presence == Presence::OptionalNullable)
                    .then(|| setters.claim(format!("{}_null", crate::names::bare(&f.name)))),
            })
            .collect()
    }

    /// How a parameter is written, after its type and `style`/`explode`
    /// (whose default is `explode: true` for `form` and false otherwise).
    fn param_style(&self, p: &Parameter, ty: &Ty) -> ParamStyle {
        let explode = p.parameter_data_ref().explode;
        match self.shape(ty) {
            Shape::Display => ParamStyle::Display,
            Shape::Other => ParamStyle::Plain,
            Shape::Array => match p {
                Parameter::Query {
                    style: QueryStyle::Form,
                    ..
                }
                | Parameter::Cookie { .. }
                    if explode.unwrap_or(true) =>
                {
                    ParamStyle::Repeat
                }
                Parameter::Query {
                    style: QueryStyle::SpaceDelimited,
                    ..
                } => ParamStyle::Join(' '),
                Parameter::Query {
                    style: QueryStyle::PipeDelimited,
                    ..
                } => ParamStyle::Join('|'),
                _ => ParamStyle::Join(','),
            },
            Shape::Object => match p {
                Parameter::Query {
                    style: QueryStyle::DeepObject,
                    ..
                } => ParamStyle::Deep,
                Parameter::Query {
                    style: QueryStyle::Form,
                    ..
                } if explode.unwrap_or(true) => ParamStyle::Flat,
                Parameter::Query { .. } => ParamStyle::Pairs,
                _ => ParamStyle::Plain,
            },
        }
    }

    /// What a type looks like once aliases are seen through.
    fn shape(&self, ty: &Ty) -> Shape {
        let mut ty = ty;
        for _ in 0..16 {
            match ty {
                Ty::String | Ty::Binary | Ty::Bool | Ty::I32 | Ty::I64 | Ty::F64 => {
                    return Shape::Display
                }
                Ty::Vec(_) => return Shape::Array,
                Ty::JsonObject | Ty::Map(_) => return Shape::Object,
                Ty::Json | Ty::Upload | Ty::Tuple(_) => return Shape::Other,
                Ty::Named(id) => match self.lookup(*id).map(|t| &t.kind) {
                    Some(TypeKind::Enum(_)) => return Shape::Display,
                    Some(TypeKind::Struct(_)) => return Shape::Object,
                    Some(TypeKind::Alias(target)) => ty = target,
                    Some(TypeKind::Union(_)) => return Shape::Other,
                    None => return Shape::Other,
                },
            }
        }
        Shape::Other
    }

    fn parameter(
        &mut self,
        p: &'a ReferenceOr<Parameter>,
        at: &str,
    ) -> Option<(&'a Parameter, String)> {
        match p {
            ReferenceOr::Item(p) => Some((p, at.to_string())),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/parameters/");
                let found = name.and_then(|n| self.api.components.as_ref()?.parameters.get(n));
                match found {
                    Some(ReferenceOr::Item(p)) => {
                        Some((p, push("/components/parameters", name.unwrap_or_default())))
                    }
                    _ => {
                        self.error(Diagnostic::error(format!("`$ref: {reference}` does not resolve to a parameter in `components.parameters`")).at(push(at, "$ref")));
                        None
                    }
                }
            }
        }
    }

    fn body(
        &mut self,
        op: &'a OaOperation,
        pointer: &str,
        builder: &str,
        setters: &mut Namespace,
    ) -> Option<Body> {
        let at = push(pointer, "requestBody");
        // A shared body's inline schema is named after the component.
        let (body, shared): (&RequestBody, Option<&str>) = match op.request_body.as_ref()? {
            ReferenceOr::Item(b) => (b, None),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/requestBodies/");
                match name.and_then(|n| {
                    self.api
                        .components
                        .as_ref()?
                        .request_bodies
                        .get_key_value(n)
                }) {
                    Some((name, ReferenceOr::Item(b))) => (b, Some(name.as_str())),
                    _ => {
                        self.error(Diagnostic::error(format!("`$ref: {reference}` does not resolve to a request body in `components.requestBodies`")).at(push(&at, "$ref")));
                        return None;
                    }
                }
            }
        };
        // JSON where offered; otherwise form, multipart, text, then raw bytes.
        let rank = |m: &str| {
            let m = m.to_ascii_lowercase();
            if is_json(&m) {
                0
            } else if m.starts_with("application/x-www-form-urlencoded") {
                1
            } else if m.starts_with("multipart/form-data") {
                2
            } else if m.starts_with("text/") {
                3
            } else {
                4
            }
        };
        let (media, content) = body.content.iter().min_by_key(|(m, _)| rank(m))?;
        let schema_at = push(&push(&push(&at, "content"), media), "schema");
        let hint = match shared {
            Some(name) => type_name(name, "Body"),
            None => format!("{builder}Body"),
        };
        let ty = match (&content.schema, rank(media)) {
            (_, 3) => Ty::String,
            // Sent from memory, a file or a stream.
            (_, 4) => Ty::Upload,
            (Some(s), _) => self.ty(SchemaRef::from(s), &schema_at, &hint, 0),
            (None, _) => Ty::Json,
        };
        if rank(media) == 0 {
            let base = shared.map_or_else(|| at.clone(), |c| push("/components/requestBodies", c));
            let media_at = push(&push(&base, "content"), media);
            self.note_examples(content, &media_at, &ty, pointer, "request");
        }
        let media_kind = match rank(media) {
            0 => BodyMedia::Json,
            1 => BodyMedia::Form,
            2 => match self.multipart_fields(&ty) {
                Some(fields) => BodyMedia::Multipart(fields),
                None => {
                    self.warn(
                        Diagnostic::warning("a multipart body must be an object with properties; this body is not sent")
                            .at(&schema_at),
                    );
                    return None;
                }
            },
            _ => BodyMedia::Raw {
                content_type: if media.contains('*') {
                    "application/octet-stream".to_string()
                } else {
                    media.clone()
                },
            },
        };
        let others: Vec<&str> = body
            .content
            .keys()
            .filter(|m| *m != media)
            .map(String::as_str)
            .collect();
        let note = (!others.is_empty()).then(|| {
            format!(
                "The API also accepts {}; this client sends `{media}`.",
                others.join(", ")
            )
        });
        // A body whose schema has required properties cannot be left out in
        // any useful way, whatever `required` says: such a body is an
        // argument, as the official SDKs make it.
        let has_required = match content.schema.as_ref() {
            Some(ReferenceOr::Item(s)) => !view(s).required.is_empty(),
            Some(ReferenceOr::Reference { reference }) => self
                .schema_target(reference, &schema_at)
                .is_some_and(|(_, s)| !view(s).required.is_empty()),
            None => false,
        };
        let doc = match (body.description.clone(), note) {
            (Some(d), Some(n)) => Some(format!("{d}\n\n{n}")),
            (d, n) => d.or(n),
        };
        Some(Body {
            ty,
            media: media_kind,
            required: body.required || has_required,
            setter: setters.claim("body".into()),
            doc,
        })
    }

    /// The parts of a multipart body: the properties of its struct. Its
    /// binary properties become uploads (bytes, a file or a stream), which
    /// serialize as the bytes did wherever else the struct is used.
    fn multipart_fields(&mut self, ty: &Ty) -> Option<Vec<MultipartField>> {
        let Ty::Named(id) = *ty else { return None };
        let slot = self.claimed.get(id.0)?.1?;
        if let Some(TypeKind::Struct(s)) = self.types[slot].as_mut().map(|def| &mut def.kind) {
            for f in &mut s.fields {
                if f.ty == Ty::Binary {
                    f.ty = Ty::Upload;
                }
            }
        }
        let def = self.lookup(id)?;
        let TypeKind::Struct(s) = &def.kind else {
            return None;
        };
        Some(
            s.fields
                .iter()
                .map(|f| MultipartField {
                    field: f.name.clone(),
                    part: f.json_name.clone(),
                    binary: f.ty == Ty::Upload,
                    presence: f.presence,
                    display: matches!(self.shape(&f.ty), Shape::Display),
                })
                .collect(),
        )
    }

    /// The path template's pieces. A name in the template that no parameter
    /// declares (real specs have them) becomes a required string parameter,
    /// and a path parameter the template does not use is left out, each with
    /// a warning: the operation is still callable as the path says.
    fn path_parts(
        &mut self,
        path: &str,
        params: &mut Vec<Param>,
        setters: &mut Namespace,
        pointer: &str,
    ) -> Option<Vec<PathPart>> {
        let mut names = Vec::new();
        let mut rest = path;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                self.error(
                    Diagnostic::error(format!("the path `{path}` has an unclosed `{{`"))
                        .at(pointer),
                );
                return None;
            };
            names.push((&rest[..open], &rest[open + 1..close]));
            rest = &rest[close + 1..];
        }
        params.retain(|p| {
            let used = p.location != ParamLocation::Path
                || names.iter().any(|(_, name)| *name == p.wire_name);
            if !used {
                self.diagnostics.push(
                    Diagnostic::warning(format!(
                        "path parameter `{}` does not appear in the path `{path}`; it is left out",
                        p.wire_name
                    ))
                    .at(pointer),
                );
            }
            used
        });
        let mut parts = Vec::new();
        for (literal, name) in names {
            if !literal.is_empty() {
                parts.push(PathPart::Literal(literal.to_string()));
            }
            let found = params
                .iter()
                .position(|p| p.location == ParamLocation::Path && p.wire_name == name);
            let index = match found {
                Some(i) => i,
                None => {
                    self.warn(
                        Diagnostic::warning(format!(
                            "the path uses `{{{name}}}` but no path parameter `{name}` is declared; it is taken as a required string"
                        ))
                        .at(pointer),
                    );
                    params.push(Param {
                        name: setters.claim(snake_name(name, "param")),
                        wire_name: name.to_string(),
                        location: ParamLocation::Path,
                        required: true,
                        style: ParamStyle::Display,
                        ty: Ty::String,
                        doc: None,
                        deprecated: false,
                    });
                    params.len() - 1
                }
            };
            parts.push(PathPart::Param(index));
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_string()));
        }
        Some(parts)
    }

    fn responses(
        &mut self,
        op: &'a OaOperation,
        pointer: &str,
        builder: &str,
    ) -> Option<(Success, Vec<ErrorCase>)> {
        let at = push(pointer, "responses");
        let mut cases: Vec<SuccessCase> = Vec::new();
        let mut errors = Vec::new();
        let mut variants = Namespace::default();
        let mut success_variants = Namespace::default();
        let has_2xx = op.responses.responses.keys().any(|c| match c {
            StatusCode::Code(c) => (200..300).contains(c),
            StatusCode::Range(r) => *r == 2,
        });
        let entries = op
            .responses
            .responses
            .iter()
            .map(|(code, r)| (Some(code), r))
            .chain(op.responses.default.iter().map(|r| (None, r)));
        for (code, response) in entries {
            let key = code.map_or_else(|| "default".to_string(), |c| c.to_string());
            let response_at = push(&at, &key);
            let Some((response, component)) = self.response(response, &response_at) else {
                continue;
            };
            // A shared response's inline body is one type (resolved once),
            // named after the response, not after whichever operation came first.
            let shared_hint = component.map(|name| type_name(name, "Response"));
            let status = match code {
                Some(StatusCode::Code(c)) => StatusMatch::Exact(*c),
                Some(StatusCode::Range(r)) => StatusMatch::Class(*r),
                None => StatusMatch::Default,
            };
            let description = Some(response.description.clone()).filter(|d| !d.is_empty());
            let success_code = match status {
                StatusMatch::Exact(c) if (200..300).contains(&c) => Some(status),
                // `default` is the success case only when no 2xx is documented.
                StatusMatch::Class(2) => Some(status),
                StatusMatch::Default if !has_2xx => Some(StatusMatch::Class(2)),
                _ => None,
            };
            if let Some(c) = success_code {
                let hint = shared_hint
                    .clone()
                    .unwrap_or_else(|| format!("{builder}Response"));
                let payload = self.payload(response, &response_at, &hint);
                self.response_examples(response, &response_at, component, &payload, pointer, &key);
                match cases.iter_mut().find(|case| case.payload == payload) {
                    Some(case) => case.statuses.push(c),
                    None => cases.push(SuccessCase {
                        statuses: vec![c],
                        variant: success_variants.claim(status_variant(c)),
                        payload,
                        description,
                    }),
                }
                continue;
            }
            let hint =
                shared_hint.unwrap_or_else(|| format!("{builder}{}", status_variant(status)));
            let payload = self.payload(response, &response_at, &hint);
            self.response_examples(response, &response_at, component, &payload, pointer, &key);
            errors.push(ErrorCase {
                status,
                variant: variants.claim(status_variant(status)),
                payload,
                description,
            });
        }
        let enum_name = (cases.len() > 1).then(|| {
            self.types_ns
                .claim_avoiding(format!("{builder}Success"), OPERATIONS_IMPORTS)
        });
        Some((Success { cases, enum_name }, errors))
    }

    /// How the success body can be read as it arrives. Only for an
    /// operation with one kind of success body: a `text/event-stream`
    /// response gives events (typed by its schema unless that is a plain
    /// string), a binary one a download. Event streams are what `send`
    /// returns unless JSON is offered too (`stream: true` in the body
    /// chooses, as in OpenAI's API), in which case `events` does.
    fn streaming(
        &mut self,
        op: &'a OaOperation,
        pointer: &str,
        builder: &str,
        success: &Success,
        setters: &mut Namespace,
    ) -> Option<Streaming> {
        let [case] = &success.cases[..] else {
            return None;
        };
        let events = op
            .responses
            .responses
            .iter()
            .filter(|(code, _)| match code {
                StatusCode::Code(c) => case.statuses.contains(&StatusMatch::Exact(*c)),
                StatusCode::Range(r) => case.statuses.contains(&StatusMatch::Class(*r)),
            })
            .map(|(code, r)| (code.to_string(), r))
            .chain(
                op.responses
                    .default
                    .iter()
                    .filter(|_| case.statuses == [StatusMatch::Class(2)])
                    .map(|r| ("default".to_string(), r)),
            )
            .find_map(|(code, r)| {
                let at = push(&push(pointer, "responses"), &code);
                let (response, _) = self.response(r, &at)?;
                let (media, content) = response
                    .content
                    .iter()
                    .find(|(m, _)| essence(m) == "text/event-stream")?;
                Some((push(&push(&push(&at, "content"), media), "schema"), content))
            });
        if let Some((at, content)) = events {
            let item = content
                .schema
                .as_ref()
                .map(|s| self.ty(SchemaRef::from(s), &at, &format!("{builder}Event"), 0))
                .filter(|t| !matches!(t, Ty::String | Ty::Json));
            let method = match case.payload {
                Payload::Json(_) => setters.claim("events".into()),
                _ => "send".into(),
            };
            return Some(Streaming {
                kind: StreamKind::Events(item),
                method,
            });
        }
        (case.payload == Payload::Bytes).then(|| Streaming {
            kind: StreamKind::Bytes,
            method: setters.claim("download".into()),
        })
    }

    /// The response, and the name of the component it is when it is one.
    fn response(
        &mut self,
        r: &'a ReferenceOr<Response>,
        at: &str,
    ) -> Option<(&'a Response, Option<&'a str>)> {
        match r {
            ReferenceOr::Item(r) => Some((r, None)),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/responses/");
                match name.and_then(|n| self.api.components.as_ref()?.responses.get_key_value(n)) {
                    Some((name, ReferenceOr::Item(r))) => Some((r, Some(name.as_str()))),
                    _ => {
                        self.error(Diagnostic::error(format!("`$ref: {reference}` does not resolve to a response in `components.responses`")).at(push(at, "$ref")));
                        None
                    }
                }
            }
        }
    }

    /// Notes the examples of a JSON response body (see `examples`): where the
    /// body is a shared response, they are that component's.
    fn response_examples(
        &mut self,
        response: &'a Response,
        at: &str,
        component: Option<&str>,
        payload: &Payload,
        operation: &str,
        status: &str,
    ) {
        let Payload::Json(ty) = payload else { return };
        let Some((media, content)) = response.content.iter().find(|(m, _)| is_json(m)) else {
            return;
        };
        let base = component.map_or_else(|| at.to_string(), |c| push("/components/responses", c));
        let media_at = push(&push(&base, "content"), media);
        self.note_examples(content, &media_at, ty, operation, status);
    }

    /// How a response body is decoded: JSON into a type, `text/*` as a
    /// string, anything else as bytes.
    fn payload(&mut self, response: &'a Response, at: &str, hint: &str) -> Payload {
        if response.content.is_empty() {
            return Payload::Empty;
        }
        if let Some((media, content)) = response.content.iter().find(|(m, _)| is_json(m)) {
            let schema_at = push(&push(&push(at, "content"), media), "schema");
            return Payload::Json(match &content.schema {
                Some(s) => self.ty(SchemaRef::from(s), &schema_at, hint, 0),
                None => Ty::Json,
            });
        }
        if response
            .content
            .keys()
            .all(|m| m.to_ascii_lowercase().starts_with("text/"))
        {
            Payload::Text
        } else {
            Payload::Bytes
        }
    }
}

enum Shape {
    Display,
    Array,
    Object,
    Other,
}

fn same_parameter(a: &Parameter, b: &Parameter) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
        && a.parameter_data_ref().name == b.parameter_data_ref().name
}

/// An operation's or path's server as a URL (variables at their defaults;
/// a path-only URL on the host of `api`, the API's own server URL), unless
/// it is the API's own.
fn operation_server(server: &openapiv3::Server, api: Option<&str>) -> Option<String> {
    let mut url = server_url(server);
    if url.starts_with('/') {
        if let Some(origin) = api.and_then(|api| {
            let host_start = api.find("://")? + 3;
            let host_end = api[host_start..]
                .find('/')
                .map_or(api.len(), |i| host_start + i);
            Some(&api[..host_end])
        }) {
            url = format!("{origin}{url}");
        }
    }
    let url = url.trim_end_matches('/').to_string();
    (api.map(|a| a.trim_end_matches('/')) != Some(url.as_str())).then_some(url)
}

/// A server's URL with its variables at their defaults.
fn server_url(server: &openapiv3::Server) -> String {
    let mut url = server.url.clone();
    for (name, variable) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
    url
}

/// A media type without its parameters, in lower case.
fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

fn is_json(media: &str) -> bool {
    let essence = essence(media);
    essence == "application/json" || essence.ends_with("+json")
}

/// The variant name for a status: its reason phrase where HTTP has one.
pub fn status_variant(status: StatusMatch) -> String {
    match status {
        StatusMatch::Default => "Default".into(),
        StatusMatch::Class(1) => "Informational".into(),
        StatusMatch::Class(2) => "Success".into(),
        StatusMatch::Class(3) => "Redirection".into(),
        StatusMatch::Class(4) => "ClientError".into(),
        StatusMatch::Class(5) => "ServerError".into(),
        StatusMatch::Class(d) => format!("Status{d}xx"),
        StatusMatch::Exact(code) => match reason(code) {
            Some(reason) => type_name(reason, "Status"),
            None => format!("Status{code}"),
        },
    }
}

fn reason(code: u16) -> Option<&'static str> {
    Some(match code {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        203 => "Non Authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        207 => "Multi Status",
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        417 => "Expectation Failed",
        418 => "Im A Teapot",
        421 => "Misdirected Request",
        422 => "Unprocessable Entity",
        423 => "Locked",
        424 => "Failed Dependency",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        507 => "Insufficient Storage",
        508 => "Loop Detected",
        511 => "Network Authentication Required",
        _ => return None,
    })
}
