/**
 * The web's typed client, `hc<AppType>`, against the real app: its types follow the route
 * schemas (checked by tsc, which typechecks this file: a wrong body or field is a compile error),
 * and its calls reach the routes they name.
 */
import { hc, type InferRequestType, type InferResponseType } from "hono/client";
import { describe, expect, expectTypeOf, it } from "vitest";
import { type AppType, app } from "./app";
import { Agent, codeFromOutbox, freshMobile } from "./testing/agent";

const client = hc<AppType>("http://localhost", {
  fetch: (input: Request | URL | string, init?: RequestInit) =>
    app.request(input instanceof Request ? input : String(input), init),
  headers: { "x-forwarded-for": "192.0.2.77" },
});

describe("hc<AppType>", () => {
  it("types requests and answers from the route schemas", () => {
    type OtpRequest = InferRequestType<typeof client.api.identity.otp.request.$post>["json"];
    expectTypeOf<OtpRequest>().toEqualTypeOf<{ mobile: string }>();

    type Districts = InferResponseType<typeof client.api.geo.districts.$get, 200>;
    expectTypeOf<Districts["items"][number]["neighbourhoodCount"]>().toEqualTypeOf<number>();

    type Me = InferResponseType<typeof client.api.identity.me.$get, 200>;
    expectTypeOf<Me["kind"]>().toEqualTypeOf<"citizen" | "staff">();

    // Failures are typed too: the problem+json body with its Persian message.
    type NotSignedIn = InferResponseType<typeof client.api.identity.me.$get, 401>;
    expectTypeOf<NotSignedIn["messageFa"]>().toEqualTypeOf<string>();

    type Revoke = InferRequestType<(typeof client.api.identity.sessions)[":id"]["$delete"]>;
    expectTypeOf<Revoke["param"]>().toEqualTypeOf<{ id: string }>();

    // @ts-expect-error the body is {mobile}, not {phone}
    void (() => client.api.identity.otp.request.$post({ json: { phone: "0912" } }));
    // @ts-expect-error there is no such route
    void (() => client.api.identity.nope.$get());
  });

  it("reaches the routes it names", async () => {
    const districts = await client.api.geo.districts.$get();
    expect(districts.status).toBe(200);
    if (districts.status === 200) {
      const { items } = await districts.json();
      expect(items).toHaveLength(22);
    }

    const mobile = freshMobile();
    const requested = await client.api.identity.otp.request.$post({ json: { mobile } });
    expect(requested.status).toBe(202);
    if (requested.status !== 202) return;
    const { challengeId } = await requested.json();
    const code = await codeFromOutbox(new Agent(app), mobile);
    const verified = await client.api.identity.otp.verify.$post({ json: { challengeId, code } });
    expect(verified.status).toBe(200);
    const cookie = verified.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");

    const me = await client.api.identity.me.$get(undefined, { headers: { cookie } });
    expect(me.status).toBe(200);
    if (me.status === 200) {
      const body = await me.json();
      expect(body.kind).toBe("citizen");
      if (body.kind === "citizen") expect(body.profileComplete).toBe(false);
    }

    const outbox = await client.api.dev.outbox.$get({ query: { to: mobile } });
    expect(outbox.status).toBe(200);
  });
});
