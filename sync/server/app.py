"""The central server's HTTP application (FastAPI).

Every signed endpoint runs as one database transaction: the signature check (with its
nonce), the work, and the commit happen before the answer is sent, so an acknowledgment
the kiosk receives is always on disk. The endpoints read their bodies themselves after
the signature check (an unsigned request is refused before its body is even parsed);
their request schemas are still published in ``/openapi.json``.

A worker keeps no state of its own beyond its connection pool: any number of them can
serve the same PostgreSQL database behind a load balancer.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, TypeVar

from fastapi import FastAPI, Header, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from pydantic import BaseModel, ValidationError
from pydantic.json_schema import models_json_schema
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from starlette.exceptions import HTTPException as StarletteHTTPException

from sync.protocol import (
    PROTOCOL_VERSION,
    ActivationRequest,
    ActivationResult,
    DataPublicKey,
    EnrollmentRequest,
    EnrollmentResponse,
    ErrorBody,
    ErrorCode,
    Heartbeat,
    HeartbeatAck,
    IngestBatch,
    IngestResponse,
    NumberLease,
    NumberLeaseRequest,
    OtpChallenge,
    OtpCheck,
    OtpRequest,
    OtpVerdict,
    Payment,
    PaymentCreate,
    ReferenceDocument,
    ReferenceIndex,
    ReferenceName,
    SlotQuota,
    SlotQuotaRequest,
)
from sync.server import activations, dashboard, enrollment, ingest, leases, reference, services
from sync.server.adapters import (
    SIGNATURE_HEADER,
    DevelopmentPaymentProvider,
    DevelopmentSmsGateway,
    PaymentNotification,
    PaymentProvider,
    SmsGateway,
    payment_provider_for,
    sms_gateway_for,
)
from sync.server.admission import ClientRateLimit
from sync.server.audit_heads import record_audit_head
from sync.server.auth import authenticate
from sync.server.bodies import BODY, RAW_BODY, BodyMiddleware
from sync.server.database import migrate, open_engine, session_factory
from sync.server.errors import STATUS_BY_CODE, ApiError
from sync.server.ingest import describe_validation_error
from sync.server.models import Kiosk, Office
from sync.server.operators import REALM, has_operators, sign_in
from sync.server.reference import ProfileSeed, available_profiles, load_profile_seed, publish_seeds
from sync.server.sealing import PersonalDataSealer
from sync.server.settings import ServerSettings
from sync.signing import SignatureRejected

SERVER_VERSION = "0.2.0"

Model = TypeVar("Model", bound=BaseModel)
Result = TypeVar("Result")


class Health(BaseModel):
    status: str
    version: str
    protocol_version: int
    time: datetime


@dataclass
class ServerContext:
    """What the endpoints share: settings, the database, the adapters, the loaded seeds."""

    settings: ServerSettings
    engine: Engine
    sessions: sessionmaker[Session]
    sealer: PersonalDataSealer
    sms: SmsGateway
    payments: PaymentProvider
    seeds: dict[str, ProfileSeed]

    def now(self) -> datetime:
        return self.settings.clock()

    def seed_for(self, office: Office) -> ProfileSeed:
        seed = self.seeds.get(office.profile)
        if seed is None:
            raise ApiError(
                ErrorCode.NOT_FOUND, f"The server has no reference data for profile '{office.profile}'."
            )
        return seed

    def transaction(self, work: Callable[[Session, datetime], Result]) -> Result:
        """Runs ``work`` in one committed transaction (an unsigned endpoint)."""
        now = self.now()
        with self.sessions.begin() as session:
            return work(session, now)

    def signed(self, request: Request, work: Callable[[Session, Kiosk, datetime], Result]) -> Result:
        """Authenticates the kiosk, then runs ``work``; both commit together before the answer."""
        now = self.now()
        path = request.scope.get("raw_path", request.url.path.encode()).decode("ascii", "replace")
        query = request.scope.get("query_string", b"").decode("ascii", "replace")
        target = f"{path}?{query}" if query else path
        raw = request.scope.get(RAW_BODY, b"")
        with self.sessions.begin() as session:
            kiosk = authenticate(
                session,
                request.headers,
                request.method,
                target,
                raw,
                now=now,
                max_skew_s=self.settings.max_skew_s,
            )
            return work(session, kiosk, now)


def _body(request: Request) -> bytes:
    """The request body after gunzip (set by :class:`~sync.server.bodies.BodyMiddleware`)."""
    body: bytes = request.scope.get(BODY, b"")
    return body


def parse(model: type[Model], body: bytes) -> Model:
    """The request body as ``model``; a refusal names the field and the problem."""
    try:
        return model.model_validate_json(body)
    except ValidationError as exc:
        if any("recursion limit" in str(problem.get("msg", "")) for problem in exc.errors()):
            raise ApiError(
                ErrorCode.INVALID_REQUEST, "The request body is nested too deeply.", status=400
            ) from exc
        raise ApiError(
            ErrorCode.INVALID_REQUEST, "The request is malformed: " + describe_validation_error(exc)
        ) from exc


def check_version(version: int) -> None:
    if version != PROTOCOL_VERSION:
        raise ApiError(
            ErrorCode.UNSUPPORTED_VERSION,
            f"This server speaks protocol version {PROTOCOL_VERSION}, not {version}: update the kiosk.",
        )


def json_response(
    model: BaseModel, *, status_code: int = 200, headers: dict[str, str] | None = None
) -> Response:
    return Response(
        model.model_dump_json(), status_code=status_code, media_type="application/json", headers=headers
    )


def error_response(
    code: ErrorCode,
    message: str,
    status: int,
    now: datetime | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = ErrorBody(code=code, message=message, server_time=now)
    return JSONResponse(body.model_dump(mode="json"), status_code=status, headers=headers)


def too_many_attempts(request: Request, attempts: ClientRateLimit, now: datetime) -> Response | None:
    """429 with ``Retry-After`` when the client has spent its attempts at codes, else None."""
    wait_s = attempts.take(request.client.host if request.client is not None else "unknown")
    if wait_s is None:
        return None
    return error_response(
        ErrorCode.RATE_LIMITED,
        f"Too many attempts from this address; try again in {wait_s} seconds.",
        429,
        now,
        headers={"Retry-After": str(wait_s)},
    )


def body_schema(model: type[BaseModel]) -> dict[str, Any]:
    """``openapi_extra`` for an endpoint that reads ``model`` from its body itself."""
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{model.__name__}"}}},
        }
    }


SIGNED_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "Not signed by an enrolled kiosk (code says why)."},
    403: {"model": ErrorBody, "description": "The kiosk is enrolled for another office."},
    422: {"model": ErrorBody, "description": "The body does not match the protocol."},
}


def build_context(
    settings: ServerSettings, *, sms: SmsGateway | None = None, payments: PaymentProvider | None = None
) -> ServerContext:
    """Opens and migrates the database and publishes the seed data (start-up work)."""
    engine = open_engine(settings.database_url)
    migrate(engine)
    seeds = {
        profile: load_profile_seed(profile, seed_dir=settings.seed_dir, profiles_dir=settings.profiles_dir)
        for profile in available_profiles(settings.seed_dir)
    }
    sessions = session_factory(engine)
    with sessions.begin() as session:
        publish_seeds(session, seeds, now=settings.clock())
    return ServerContext(
        settings=settings,
        engine=engine,
        sessions=sessions,
        sealer=PersonalDataSealer(settings.data_key),
        sms=sms or sms_gateway_for(settings),
        payments=payments or payment_provider_for(settings),
        seeds=seeds,
    )


def create_app(
    settings: ServerSettings,
    *,
    sms: SmsGateway | None = None,
    payments: PaymentProvider | None = None,
    context: ServerContext | None = None,
) -> FastAPI:
    """The application over ``settings``' database. Without adapters, those the settings name
    (:func:`~sync.server.adapters.sms_gateway_for`, :func:`~sync.server.adapters.payment_provider_for`):
    the development ones only when ``settings.development``, which also serves their endpoints."""
    ctx = context or build_context(settings, sms=sms, payments=payments)
    app = FastAPI(
        title="District kiosk server",
        version=SERVER_VERSION,
        description="Ingest, reference data, leases and enrollment for district-office kiosks. "
        "Signed endpoints need the X-Kiosk-* headers described in sync/signing.py.",
    )
    app.state.context = ctx
    app.add_middleware(GZipMiddleware, minimum_size=2048)
    app.add_middleware(BodyMiddleware)
    _install_error_handlers(app, ctx)

    _install_kiosk_routes(app, ctx)
    _install_reference_routes(app, ctx)
    _install_service_routes(app, ctx)

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse("/dashboard")

    @app.get(
        "/dashboard",
        response_class=HTMLResponse,
        tags=["service"],
        responses={
            401: {"description": "Sign in as a dashboard operator (HTTP Basic)."},
            429: {"description": "Too many failed sign-ins: the name is locked (see Retry-After)."},
        },
    )
    def dashboard_page(request: Request) -> HTMLResponse:
        # The password check holds no database lock (operators.sign_in): signing in, or guessing,
        # never stalls the kiosks' uploads.
        open_to_all = ctx.settings.development and not ctx.transaction(
            lambda session, _now: has_operators(session)
        )
        if not open_to_all:
            outcome = sign_in(ctx.sessions, request.headers.get("authorization"), now=ctx.now())
            if outcome.locked_for_s is not None:
                return HTMLResponse(
                    dashboard.LOCKED_PAGE,
                    status_code=429,
                    headers={"Retry-After": str(outcome.locked_for_s)},
                )
            if outcome.operator is None:
                return HTMLResponse(
                    dashboard.SIGN_IN_PAGE,
                    status_code=401,
                    headers={"WWW-Authenticate": f'Basic realm="{REALM}", charset="UTF-8"'},
                )
        return HTMLResponse(
            ctx.transaction(lambda session, now: dashboard.render(dashboard.collect(session, now=now)))
        )

    if ctx.settings.development:
        _install_development_endpoints(app, ctx)

    _install_openapi(app)
    return app


def _install_kiosk_routes(app: FastAPI, ctx: ServerContext) -> None:
    """Health, enrollment, ingest and heartbeat."""
    # Codes are guessed with many attempts: each client address gets a few a minute per worker.
    enrollment_attempts = ClientRateLimit()
    activation_attempts = ClientRateLimit()

    @app.get("/v1/health", tags=["service"])
    def health() -> Health:
        return Health(status="ok", version=SERVER_VERSION, protocol_version=PROTOCOL_VERSION, time=ctx.now())

    @app.post(
        "/v1/enroll",
        tags=["kiosks"],
        status_code=201,
        response_model=EnrollmentResponse,
        responses={403: {"model": ErrorBody}, 422: {"model": ErrorBody}, 429: {"model": ErrorBody}},
        openapi_extra=body_schema(EnrollmentRequest),
    )
    def enroll(request: Request) -> Response:
        refused = too_many_attempts(request, enrollment_attempts, ctx.now())
        if refused is not None:
            return refused
        body = parse(EnrollmentRequest, _body(request))
        check_version(body.protocol_version)
        answer = ctx.transaction(lambda session, now: enrollment.enroll_kiosk(session, body, now=now))
        answer = answer.model_copy(update={"data_public_key": ctx.sealer.data_public_key})
        return json_response(answer, status_code=201)

    @app.get("/v1/data-key", tags=["kiosks"], response_model=DataPublicKey, responses=SIGNED_RESPONSES)
    def data_key(request: Request) -> Response:
        """The key personal fields are sealed to (for kiosks enrolled before answers carried it)."""
        return json_response(
            ctx.signed(
                request, lambda _session, _kiosk, _now: DataPublicKey(public_key=ctx.sealer.data_public_key)
            )
        )

    @app.post(
        "/v1/activations",
        tags=["citizens"],
        response_model=ActivationResult,
        responses={
            403: {"model": ErrorBody},
            404: {"model": ErrorBody},
            409: {"model": ErrorBody},
            410: {"model": ErrorBody},
            422: {"model": ErrorBody},
            429: {"model": ErrorBody},
        },
        openapi_extra=body_schema(ActivationRequest),
    )
    def redeem_activation(request: Request) -> Response:
        refused = too_many_attempts(request, activation_attempts, ctx.now())
        if refused is not None:
            return refused
        body = parse(ActivationRequest, _body(request))
        check_version(body.protocol_version)
        return json_response(
            ctx.transaction(lambda session, now: activations.redeem_activation(session, body, now=now))
        )

    @app.post(
        "/v1/ingest",
        tags=["sync"],
        response_model=IngestResponse,
        responses={**SIGNED_RESPONSES, 413: {"model": ErrorBody}},
        openapi_extra=body_schema(IngestBatch),
    )
    def ingest_transactions(request: Request) -> Response:
        def work(session: Session, kiosk: Kiosk, now: datetime) -> IngestResponse:
            batch = ingest.parse_batch(_body(request))
            results = ingest.ingest_batch(session, kiosk, batch, sealer=ctx.sealer, now=now)
            return IngestResponse(results=results, server_time=now)

        return json_response(ctx.signed(request, work))

    @app.post(
        "/v1/heartbeat",
        tags=["kiosks"],
        response_model=HeartbeatAck,
        responses=SIGNED_RESPONSES,
        openapi_extra=body_schema(Heartbeat),
    )
    def heartbeat(request: Request) -> Response:
        def work(session: Session, kiosk: Kiosk, now: datetime) -> HeartbeatAck:
            beat = parse(Heartbeat, _body(request))
            check_version(beat.protocol_version)
            leases.require_office(kiosk, beat.office_code)
            kiosk.heartbeat_at = now
            kiosk.software_version = beat.software_version
            kiosk.backlog = beat.backlog
            kiosk.dead_letters = beat.dead_letters
            kiosk.oldest_pending_at = beat.oldest_pending_at
            kiosk.last_error = beat.last_error
            record_audit_head(kiosk, beat.audit_head, now)
            kiosk.devices = json.dumps(
                {name: health.model_dump(mode="json") for name, health in beat.devices.items()},
                sort_keys=True,
            )
            office = _office(session, kiosk)
            versions = reference.reference_versions(session, office, ctx.seed_for(office), now=now)
            return HeartbeatAck(server_time=now, reference_versions=versions)

        return json_response(ctx.signed(request, work))


def _install_reference_routes(app: FastAPI, ctx: ServerContext) -> None:
    """Reference documents and leases."""

    @app.get("/v1/reference", tags=["reference"], response_model=ReferenceIndex, responses=SIGNED_RESPONSES)
    def reference_index(request: Request) -> Response:
        def work(session: Session, kiosk: Kiosk, now: datetime) -> ReferenceIndex:
            office = _office(session, kiosk)
            versions = reference.reference_versions(session, office, ctx.seed_for(office), now=now)
            return ReferenceIndex(office_code=office.code, versions=versions)

        return json_response(ctx.signed(request, work))

    @app.get(
        "/v1/reference/{name}",
        tags=["reference"],
        response_model=ReferenceDocument,
        responses={
            **SIGNED_RESPONSES,
            304: {"description": "Unchanged since the ETag sent in If-None-Match."},
        },
    )
    def reference_document(
        request: Request,
        name: ReferenceName,
        since: Annotated[int, Query(ge=0, description="dossier_status: only changes after this version")] = 0,
        if_none_match: Annotated[str | None, Header()] = None,
    ) -> Response:
        def work(session: Session, kiosk: Kiosk, now: datetime) -> ReferenceDocument:
            office = _office(session, kiosk)
            return reference.get_document(session, office, ctx.seed_for(office), name, now=now, since=since)

        document = ctx.signed(request, work)
        headers = {"ETag": document.etag, "Cache-Control": "no-cache"}
        if if_none_match is not None and _etag_matches(if_none_match, document.etag):
            return Response(status_code=304, headers=headers)
        return json_response(document, headers=headers)

    @app.post(
        "/v1/leases/numbers",
        tags=["leases"],
        response_model=NumberLease,
        responses={**SIGNED_RESPONSES, 409: {"model": ErrorBody}},
        openapi_extra=body_schema(NumberLeaseRequest),
    )
    def lease_numbers(request: Request) -> Response:
        def work(session: Session, kiosk: Kiosk, now: datetime) -> NumberLease:
            asked = parse(NumberLeaseRequest, _body(request))
            check_version(asked.protocol_version)
            return leases.lease_numbers(session, kiosk, asked, now=now)

        return json_response(ctx.signed(request, work))

    @app.post(
        "/v1/leases/slots",
        tags=["leases"],
        response_model=SlotQuota,
        responses={**SIGNED_RESPONSES, 404: {"model": ErrorBody}, 409: {"model": ErrorBody}},
        openapi_extra=body_schema(SlotQuotaRequest),
    )
    def lease_slots(request: Request) -> Response:
        def work(session: Session, kiosk: Kiosk, now: datetime) -> SlotQuota:
            asked = parse(SlotQuotaRequest, _body(request))
            check_version(asked.protocol_version)
            leases.require_office(kiosk, asked.office_code)
            office = _office(session, kiosk)
            seed = ctx.seed_for(office)
            holidays = reference.get_document(session, office, seed, ReferenceName.HOLIDAYS, now=now).data
            capacity = reference.slot_capacity(
                seed, holidays, asked.slot_id, reference.office_today(seed, now)
            )
            return leases.lease_slot_places(session, kiosk, asked, capacity=capacity, now=now)

        return json_response(ctx.signed(request, work))


def _install_service_routes(app: FastAPI, ctx: ServerContext) -> None:
    """One-time passwords and payments, through the adapters."""

    @app.post(
        "/v1/otp",
        tags=["services"],
        response_model=OtpChallenge,
        responses=SIGNED_RESPONSES,
        openapi_extra=body_schema(OtpRequest),
    )
    def send_otp(request: Request) -> Response:
        def work(session: Session, kiosk: Kiosk, now: datetime) -> OtpChallenge:
            asked = parse(OtpRequest, _body(request))
            return services.send_otp(
                session, kiosk, asked, sms=ctx.sms, secret=ctx.settings.data_key, now=now
            )

        return json_response(ctx.signed(request, work))

    @app.post(
        "/v1/payments/notifications",
        tags=["services"],
        response_model=Payment,
        responses={
            401: {"model": ErrorBody, "description": "No or a wrong X-Signature-SHA256 (HMAC of the body)."},
            503: {"model": ErrorBody, "description": "No bank is configured (not_configured)."},
        },
        openapi_extra=body_schema(PaymentNotification),
    )
    def payment_notification(request: Request) -> Response:
        """The bank's webhook: a payment changed state (signed by the bank, not by a kiosk)."""
        notification = services.verified_notification(
            ctx.payments,
            request.scope.get(RAW_BODY, b""),
            _body(request),
            request.headers.get(SIGNATURE_HEADER),
        )

        def work(session: Session, now: datetime) -> Payment:
            return services.record_payment_notification(
                session, notification.provider_ref, notification.status, now=now
            )

        return json_response(ctx.transaction(work))

    @app.post(
        "/v1/otp/check",
        tags=["services"],
        response_model=OtpVerdict,
        responses=SIGNED_RESPONSES,
        openapi_extra=body_schema(OtpCheck),
    )
    def check_otp(request: Request) -> Response:
        def work(session: Session, kiosk: Kiosk, now: datetime) -> OtpVerdict:
            asked = parse(OtpCheck, _body(request))
            return services.check_otp(session, kiosk, asked, secret=ctx.settings.data_key, now=now)

        return json_response(ctx.signed(request, work))

    @app.post(
        "/v1/payments",
        tags=["services"],
        response_model=Payment,
        responses={**SIGNED_RESPONSES, 409: {"model": ErrorBody}},
        openapi_extra=body_schema(PaymentCreate),
    )
    def create_payment(request: Request) -> Response:
        def work(session: Session, kiosk: Kiosk, now: datetime) -> Payment:
            asked = parse(PaymentCreate, _body(request))
            return services.create_payment(session, kiosk, asked, provider=ctx.payments, now=now)

        return json_response(ctx.signed(request, work))

    @app.get(
        "/v1/payments/{payment_id}", tags=["services"], response_model=Payment, responses=SIGNED_RESPONSES
    )
    def get_payment(request: Request, payment_id: str) -> Response:
        def work(session: Session, kiosk: Kiosk, now: datetime) -> Payment:
            return services.payment_status(session, kiosk, payment_id, provider=ctx.payments, now=now)

        return json_response(ctx.signed(request, work))


def _office(session: Session, kiosk: Kiosk) -> Office:
    office = session.get(Office, kiosk.office_code)
    assert office is not None  # a foreign key
    return office


def _etag_matches(header: str, etag: str) -> bool:
    candidates = [part.strip() for part in header.split(",")]
    return "*" in candidates or any(candidate.removeprefix("W/") == etag for candidate in candidates)


class DevelopmentCodeRequest(BaseModel):
    office_code: str
    profile: str | None = None


class DevelopmentCode(BaseModel):
    code: str
    office_code: str


class RecordedSmsView(BaseModel):
    message_id: str
    phone: str
    text: str
    sent_at: datetime


def _install_development_endpoints(app: FastAPI, ctx: ServerContext) -> None:
    """Endpoints for demos and tests only: never served unless the server runs in development mode."""

    @app.get("/v1/dev/sms", tags=["development"])
    def recorded_sms() -> list[RecordedSmsView]:
        gateway = ctx.sms
        if not isinstance(gateway, DevelopmentSmsGateway):
            raise ApiError(ErrorCode.NOT_FOUND, "The SMS gateway in use keeps no copy of its messages.")
        return [RecordedSmsView(**message.__dict__) for message in gateway.messages()]

    @app.post("/v1/dev/payments/{payment_id}/confirm", tags=["development"])
    def confirm_payment(payment_id: str) -> Payment:
        provider = ctx.payments
        if not isinstance(provider, DevelopmentPaymentProvider):
            raise ApiError(ErrorCode.NOT_FOUND, "The payment provider in use is not the development one.")

        def work(session: Session, now: datetime) -> Payment:
            from sync.server.models import PaymentRecord

            record = session.get(PaymentRecord, payment_id)
            if record is None or not provider.confirm(record.provider_ref):
                raise ApiError(ErrorCode.NOT_FOUND, "This payment is not known.")
            kiosk = session.get(Kiosk, record.kiosk_id)
            assert kiosk is not None
            return services.payment_status(session, kiosk, payment_id, provider=provider, now=now)

        return ctx.transaction(work)

    @app.post("/v1/dev/enrollment-codes", tags=["development"], status_code=201)
    def development_code(request: DevelopmentCodeRequest) -> DevelopmentCode:
        def work(session: Session, now: datetime) -> str:
            return enrollment.issue_enrollment_code(
                session,
                office_code=request.office_code,
                profile=request.profile,
                ttl_s=ctx.settings.enrollment_code_ttl_s,
                now=now,
            )

        return DevelopmentCode(code=ctx.transaction(work), office_code=request.office_code)


def _install_error_handlers(app: FastAPI, ctx: ServerContext) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_request: Request, error: ApiError) -> JSONResponse:
        return error_response(error.code, error.message, error.status, ctx.now())

    @app.exception_handler(SignatureRejected)
    async def rejected(_request: Request, error: SignatureRejected) -> JSONResponse:
        return error_response(error.reason, error.message, STATUS_BY_CODE[error.reason], ctx.now())

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, error: RequestValidationError) -> JSONResponse:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in problem['loc'])}: {problem['msg']}"
            for problem in error.errors()[:3]
        )
        return error_response(
            ErrorCode.INVALID_REQUEST, f"The request is malformed: {problems}.", 422, ctx.now()
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, error: StarletteHTTPException) -> JSONResponse:
        code = ErrorCode.NOT_FOUND if error.status_code == 404 else ErrorCode.INVALID_REQUEST
        return error_response(code, str(error.detail), error.status_code, ctx.now())

    @app.exception_handler(OperationalError)
    async def database_down(_request: Request, _error: OperationalError) -> JSONResponse:
        return error_response(
            ErrorCode.UNAVAILABLE, "The server's database is unavailable; try again later.", 503, ctx.now()
        )


def _install_openapi(app: FastAPI) -> None:
    """Adds the request models the endpoints read themselves to the published components."""
    request_models: list[type[BaseModel]] = [
        EnrollmentRequest,
        IngestBatch,
        Heartbeat,
        NumberLeaseRequest,
        SlotQuotaRequest,
        OtpRequest,
        OtpCheck,
        PaymentCreate,
        PaymentNotification,
    ]

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        _, definitions = models_json_schema(
            [(model, "validation") for model in request_models], ref_template="#/components/schemas/{model}"
        )
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for name, definition in definitions.get("$defs", {}).items():
            components.setdefault(name, definition)
        schema["info"]["x-protocol-version"] = PROTOCOL_VERSION
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
