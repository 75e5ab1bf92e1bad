/**
 * /judging/:pid/juror — the juror's loop: the next assigned work shown blind (no name, contact
 * or other private field; images through short-lived signed URLs), the rubric with its weights,
 * submit → the next work. `?round=` names the scoring round (default "jury").
 */
import { toPersianDigits } from "@hamdel/core/fa";
import { createAsync, Navigate, useParams, useSearchParams } from "@solidjs/router";
import { createResource, createSignal, For, Match, Show, Switch } from "solid-js";
import { FormAlert, Status } from "../../components/FormAlert";
import { Page } from "../../components/Page";
import { getMe } from "../../lib/identity";
import { judging, nextWork } from "../../lib/judging";
import { paths, staffOf } from "../../lib/nav";
import "./judging.css";

const fa = (n: number | string) => toPersianDigits(String(n));

export default function JurorPage() {
  const params = useParams();
  const [search] = useSearchParams();
  const me = createAsync(() => getMe());
  const pid = () => params.pid ?? "";
  const rid = () => (typeof search.round === "string" ? search.round : "jury");
  return (
    <Switch>
      <Match when={me() === null}>
        <Navigate href={`${paths.staffSignIn}?next=${encodeURIComponent(`/judging/${pid()}/juror`)}`} />
      </Match>
      <Match when={me() && !staffOf(me())}>
        <Page title="داوری آثار">
          <p role="alert">این بخش برای داوران است.</p>
        </Page>
      </Match>
      <Match when={staffOf(me())}>
        <Scoring pid={pid()} rid={rid()} />
      </Match>
    </Switch>
  );
}

function Scoring(props: { pid: string; rid: string }) {
  const [next, { refetch }] = createResource(() => nextWork(props.pid, props.rid));
  const [error, setError] = createSignal<unknown>();
  const [done, setDone] = createSignal<string>();
  const [saving, setSaving] = createSignal(false);
  return (
    <Page title="داوری آثار" lead="اثر بدون نام و نشانی صاحب آن نمایش داده می‌شود.">
      <Status message={done()} />
      <Show when={next.error}>
        <FormAlert error={next.error} />
      </Show>
      <Show when={next()}>
        {(n) => (
          <Show when={n().work} fallback={<p>همهٔ آثاری که به شما سپرده شده داوری شده است. سپاس.</p>}>
            {(work) => (
              <form
                class="juror-work"
                onSubmit={async (e) => {
                  e.preventDefault();
                  const form = new FormData(e.currentTarget);
                  const marks: Record<string, number> = {};
                  for (const c of work().rubric?.criteria ?? []) marks[c.id] = Number(form.get(c.id));
                  const comment = String(form.get("comment") ?? "").trim();
                  setError(undefined);
                  setSaving(true);
                  try {
                    await judging.score(props.pid, work().assignmentId, marks, comment || undefined);
                    setDone("امتیاز ثبت شد؛ اثر بعدی آمد.");
                    await refetch();
                  } catch (err) {
                    setError(err);
                  } finally {
                    setSaving(false);
                  }
                }}
              >
                <section aria-labelledby="work-title">
                  <h2 id="work-title">{String(work().entry.values.title ?? "اثر بی‌نام")}</h2>
                  <For each={work().files}>
                    {(f, i) => (
                      <Show
                        when={f.contentType.startsWith("image/")}
                        fallback={<a href={f.url}>پرونده {fa(i() + 1)}</a>}
                      >
                        <img class="juror-image" src={f.url} alt={`تصویر ${fa(i() + 1)} اثر`} />
                      </Show>
                    )}
                  </For>
                  <dl>
                    <For each={Object.entries(work().entry.values).filter(([k]) => k !== "title")}>
                      {([k, v]) => (
                        <>
                          <dt>{k}</dt>
                          <dd>{Array.isArray(v) ? v.join("، ") : String(v)}</dd>
                        </>
                      )}
                    </For>
                  </dl>
                </section>
                <fieldset>
                  <legend>معیارهای داوری</legend>
                  <For each={work().rubric?.criteria ?? []}>
                    {(c) => (
                      <label class="juror-criterion">
                        {c.titleFa} (وزن {fa(c.weight)}، از {fa(c.min)} تا {fa(c.max)}){" "}
                        <input
                          name={c.id}
                          type="number"
                          required
                          min={c.min}
                          max={c.max}
                          step="any"
                          value={work().score?.marks[c.id] ?? ""}
                        />
                      </label>
                    )}
                  </For>
                  <label class="juror-criterion">
                    یادداشت داور (اختیاری){" "}
                    <textarea name="comment" rows={3} value={work().score?.comment ?? ""} />
                  </label>
                </fieldset>
                <FormAlert error={error()} />
                <button type="submit" class="button" disabled={saving()}>
                  ثبت امتیاز و اثر بعدی
                </button>
              </form>
            )}
          </Show>
        )}
      </Show>
    </Page>
  );
}
