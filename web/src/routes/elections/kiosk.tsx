import { isValidNationalId } from "@hamdel/core/fa";
import { A, action, createAsync, useParams, useSubmission } from "@solidjs/router";
import { createEffect, createSignal, For, Match, on, Show, Switch } from "solid-js";
import { Field, SelectField } from "../../components/Field";
import { FormAlert } from "../../components/FormAlert";
import { Page } from "../../components/Page";
import { type ElectionView, elections, getElection } from "../../lib/elections";
import { getMe } from "../../lib/identity";
import { paths, staffOf } from "../../lib/nav";
import { ApiProblem } from "../../lib/problem";
import { BallotFlow, WindowNotice } from "./ballot-flow";
import { groupTracker, nationalIdDigits, phaseOf, tehranTime } from "./format";
import { neighbourhoodName } from "./parts";
import { isPollingOfficer } from "./staff";

const issueCode = action(async (electionId: string, form: FormData) => {
  const nationalId = nationalIdDigits(String(form.get("nationalId") ?? ""));
  if (!isValidNationalId(nationalId)) {
    throw new ApiProblem(422, {
      code: "web.invalid_national_id",
      messageFa: "کد ملی درست نیست.",
      fields: [{ path: "nationalId", message: "کد ملی ۱۰ رقمی را از روی کارت ملی وارد کنید." }],
    });
  }
  return elections.issueCode(electionId, nationalId);
}, "election-issue-code");

/**
 * /kiosk/elections/:id — the polling branch. A polling officer signed in on this device sees the
 * code desk (checks the card, types the national id, hands the voter a one-time code); the kiosk
 * itself needs no sign-in: the voter types the code and votes, with large touch targets.
 */
export default function Kiosk() {
  const params = useParams();
  const election = createAsync(() => getElection(params.id ?? ""));
  const me = createAsync(() => getMe());
  return (
    <Show when={election()} fallback={<p role="status">در حال بارگذاری…</p>}>
      {(e) => {
        const phase = phaseOf(e(), Date.now());
        return (
          <Page title={`شعبهٔ اخذ رأی: ${e().title}`} wide>
            <div class="kiosk">
              <Switch>
                <Match when={phase !== "voting"}>
                  <WindowNotice election={e()} phase={phase} />
                </Match>
                <Match when={isPollingOfficer(staffOf(me()))}>
                  <CodeDesk election={e()} />
                </Match>
                <Match when={true}>
                  <KioskVote election={e()} />
                  <p class="hint">
                    مأمور شعبه هستید؟{" "}
                    <A href={`${paths.staffSignIn}?next=${encodeURIComponent(window.location.pathname)}`}>
                      ورود کارکنان
                    </A>
                  </p>
                </Match>
              </Switch>
            </div>
          </Page>
        );
      }}
    </Show>
  );
}

function CodeDesk(props: { election: ElectionView }) {
  const issuing = useSubmission(issueCode);
  let form: HTMLFormElement | undefined;
  createEffect(
    on(
      () => issuing.result,
      (issued) => issued && form?.reset(),
    ),
  );
  return (
    <section aria-labelledby="desk-heading">
      <h2 id="desk-heading">صدور کد برگهٔ رأی</h2>
      <p class="hint">
        کارت ملی رأی‌دهنده را ببینید و کد ملی را وارد کنید. کد فقط برای محلهٔ او در فهرست رأی‌دهندگان و تا ۱۰
        دقیقه معتبر است؛ کسی که برخط رأی داده کد نمی‌گیرد.
      </p>
      <form
        ref={form}
        action={issueCode.with(props.election.id)}
        method="post"
        class="form"
        aria-labelledby="desk-heading"
        novalidate
      >
        <Field
          label="کد ملی رأی‌دهنده"
          name="nationalId"
          inputmode="numeric"
          autocomplete="off"
          dir="ltr"
          required
          error={issuing.error instanceof ApiProblem ? issuing.error.fieldMessage("nationalId") : undefined}
        />
        <FormAlert error={issuing.error} />
        <button type="submit" class="button" disabled={issuing.pending}>
          {issuing.pending ? "در حال صدور…" : "صدور کد"}
        </button>
      </form>
      <Show when={!issuing.pending && issuing.result}>
        {(issued) => (
          <div class="panel" role="status">
            <p>کد برگهٔ رأی (به رأی‌دهنده بدهید):</p>
            <p class="code-slip" dir="ltr" data-testid="ballot-code">
              {groupTracker(issued().code)}
            </p>
            <p>
              محله: <strong>{neighbourhoodName(issued().neighbourhoodId)}</strong> · معتبر تا{" "}
              {tehranTime(issued().expiresAt)}
            </p>
          </div>
        )}
      </Show>
    </section>
  );
}

function KioskVote(props: { election: ElectionView }) {
  const [code, setCode] = createSignal("");
  const [codeError, setCodeError] = createSignal<string>();
  const [neighbourhood, setNeighbourhood] = createSignal(
    props.election.neighbourhoods.length === 1 ? (props.election.neighbourhoods[0] as string) : "",
  );
  const [nError, setNError] = createSignal<string>();
  const normalCode = () => code().trim().toLowerCase().replace(/[\s-]/g, "");

  const identify = (next: () => void) => (
    <form
      class="form"
      aria-labelledby="step-heading"
      novalidate
      onSubmit={(ev) => {
        ev.preventDefault();
        const okCode = /^[a-z2-7]{16}$/.test(normalCode());
        setCodeError(okCode ? undefined : "کد ۱۶ نویسه‌ای برگهٔ رأی را از برگه‌ای که مأمور داده وارد کنید.");
        setNError(neighbourhood() ? undefined : "محلهٔ خود را انتخاب کنید (روی برگهٔ کد نوشته شده).");
        if (!okCode) document.getElementById("kiosk-code")?.focus();
        else if (!neighbourhood()) document.getElementById("kiosk-neighbourhood")?.focus();
        else next();
      }}
    >
      <Field
        id="kiosk-code"
        label="کد برگهٔ رأی"
        name="code"
        dir="ltr"
        autocomplete="off"
        autocapitalize="none"
        spellcheck={false}
        required
        value={code()}
        onInput={(ev) => setCode(ev.currentTarget.value)}
        error={codeError()}
      />
      <SelectField
        id="kiosk-neighbourhood"
        label="محله"
        name="neighbourhood"
        required
        onChange={(ev) => setNeighbourhood(ev.currentTarget.value)}
        error={nError()}
      >
        <option value="">محله را انتخاب کنید</option>
        <For each={props.election.neighbourhoods}>
          {(n) => (
            <option value={n} selected={n === neighbourhood()}>
              {neighbourhoodName(n)}
            </option>
          )}
        </For>
      </SelectField>
      <button type="submit" class="button">
        ادامه: دیدن برگهٔ رأی
      </button>
    </form>
  );

  return (
    <BallotFlow
      election={props.election}
      neighbourhood={neighbourhood}
      identify={identify}
      cast={(choices) => elections.castAtKiosk(props.election.id, normalCode(), choices)}
      afterReceipt={(reset) => (
        <button
          type="button"
          class="button"
          onClick={() => {
            setCode("");
            reset();
          }}
        >
          رأی‌دهندهٔ بعدی
        </button>
      )}
    />
  );
}
