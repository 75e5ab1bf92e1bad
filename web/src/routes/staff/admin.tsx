import { formatJalali } from "@hamdel/core/fa";
import { action, createAsync, Navigate, useSubmission } from "@solidjs/router";
import { createEffect, createSignal, For, Match, on, Show, Suspense, Switch } from "solid-js";
import { Field } from "../../components/Field";
import { FormAlert, Status } from "../../components/FormAlert";
import { Page } from "../../components/Page";
import { RolePicker } from "../../components/RolePicker";
import { getDistricts } from "../../lib/geo";
import { getMe, getStaff, identity } from "../../lib/identity";
import { isPlatformAdmin, paths } from "../../lib/nav";
import { fieldError } from "../../lib/problem";
import { describeGrants, grantsFromForm } from "../../lib/roles";
import type { StaffMember } from "../../lib/types";

const invite = action(async (form: FormData) => {
  const roles = grantsFromForm(form);
  const username = String(form.get("username") ?? "").trim();
  const invitation = await identity.invite({
    username,
    displayName: String(form.get("displayName") ?? "").trim(),
    roles,
  });
  return {
    ...invitation,
    username,
    link: new URL(paths.staffInvite(invitation.token), window.location.origin).href,
  };
}, "staff-invite");

const setRoles = action(async (staffId: string, form: FormData) => {
  await identity.setRoles(staffId, grantsFromForm(form));
  return staffId;
}, "staff-set-roles");

const statusLabels: Record<string, string> = {
  invited: "دعوت‌شده",
  pending: "در انتظار فعال‌سازی",
  active: "فعال",
  disabled: "غیرفعال",
  suspended: "معلق",
};

export default function StaffAdmin() {
  const me = createAsync(() => getMe());
  return (
    <Switch>
      <Match when={me() === null}>
        <Navigate href={`${paths.staffSignIn}?next=${encodeURIComponent(paths.staffAdmin)}`} />
      </Match>
      <Match when={me() && !isPlatformAdmin(me())}>
        <Page title="مدیریت کارکنان">
          <p role="alert">این بخش فقط برای مدیر سامانه است.</p>
        </Page>
      </Match>
      <Match when={isPlatformAdmin(me())}>
        <Page title="مدیریت کارکنان" wide>
          <InviteForm />
          <StaffList />
        </Page>
      </Match>
    </Switch>
  );
}

function InviteForm() {
  const districts = createAsync(() => getDistricts());
  const inviting = useSubmission(invite);
  let form: HTMLFormElement | undefined;
  createEffect(
    on(
      () => inviting.result,
      (result) => result && form?.reset(),
    ),
  );
  return (
    <section aria-labelledby="invite-heading">
      <h2 id="invite-heading">دعوت کارمند تازه</h2>
      <form ref={form} action={invite} method="post" class="form" aria-labelledby="invite-heading" novalidate>
        <div class="form-row">
          <Field
            label="نام کاربری"
            name="username"
            autocomplete="off"
            autocapitalize="none"
            spellcheck={false}
            dir="ltr"
            required
            hint="حروف انگلیسی کوچک، رقم و خط تیره."
            error={fieldError(inviting.error, "username")}
          />
          <Field
            label="نام و نام خانوادگی"
            name="displayName"
            autocomplete="off"
            required
            error={fieldError(inviting.error, "displayName")}
          />
        </div>
        <RolePicker legend="نقش‌ها" idPrefix="invite" districts={districts()} error={inviting.error} />
        <FormAlert error={inviting.error} />
        <button type="submit" class="button" disabled={inviting.pending}>
          {inviting.pending ? "در حال ساخت…" : "ساختن دعوت‌نامه"}
        </button>
      </form>
      <Show when={!inviting.pending && inviting.result}>
        {(made) => (
          <div class="invitation-result" role="status">
            <p>
              دعوت‌نامهٔ <bdi dir="ltr">{made().username}</bdi> ساخته شد و تا{" "}
              {formatJalali(made().expiresAt, { style: "long", time: true })} معتبر است. این پیوند را از راهی
              امن برای او بفرستید:
            </p>
            <Field label="پیوند دعوت‌نامه" name="invitationLink" readonly dir="ltr" value={made().link} />
          </div>
        )}
      </Show>
    </section>
  );
}

function StaffList() {
  const staff = createAsync(() => getStaff());
  const [editing, setEditing] = createSignal<string>();
  return (
    <section aria-labelledby="staff-heading">
      <h2 id="staff-heading">کارکنان</h2>
      <Suspense fallback={<p role="status">در حال بارگذاری فهرست کارکنان…</p>}>
        <div class="table-scroll">
          <table>
            <caption class="visually-hidden">فهرست کارکنان</caption>
            <thead>
              <tr>
                <th scope="col">نام</th>
                <th scope="col">نام کاربری</th>
                <th scope="col">نقش‌ها</th>
                <th scope="col">وضعیت</th>
                <th scope="col">تاریخ ایجاد</th>
                <th scope="col">
                  <span class="visually-hidden">کارها</span>
                </th>
              </tr>
            </thead>
            <tbody>
              <For each={staff()}>
                {(member) => (
                  <>
                    <tr>
                      <th scope="row">{member.displayName}</th>
                      <td>
                        <bdi dir="ltr">{member.username}</bdi>
                      </td>
                      <td>{describeGrants(member.roles)}</td>
                      <td>{statusLabels[member.status] ?? member.status}</td>
                      <td class="nums">{formatJalali(member.createdAt)}</td>
                      <td>
                        <button
                          type="button"
                          class="button button--quiet"
                          aria-expanded={editing() === member.id}
                          aria-controls={`roles-${member.id}`}
                          onClick={() => setEditing(editing() === member.id ? undefined : member.id)}
                        >
                          ویرایش نقش‌ها<span class="visually-hidden"> {member.displayName}</span>
                        </button>
                      </td>
                    </tr>
                    <Show when={editing() === member.id}>
                      <tr id={`roles-${member.id}`}>
                        <td colSpan={6}>
                          <RolesEditor member={member} onDone={() => setEditing(undefined)} />
                        </td>
                      </tr>
                    </Show>
                  </>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Suspense>
    </section>
  );
}

function RolesEditor(props: { member: StaffMember; onDone: () => void }) {
  const districts = createAsync(() => getDistricts());
  const saving = useSubmission(setRoles, ([id]) => id === props.member.id);
  createEffect(
    on(
      () => saving.result,
      (savedId) => savedId && props.onDone(),
      { defer: true },
    ),
  );
  return (
    <form
      action={setRoles.with(props.member.id)}
      method="post"
      class="form form--inline"
      aria-label={`ویرایش نقش‌های ${props.member.displayName}`}
      novalidate
    >
      <RolePicker
        legend={`نقش‌های ${props.member.displayName}`}
        idPrefix={`edit-${props.member.id}`}
        initial={props.member.roles}
        districts={districts()}
        error={saving.error}
      />
      <FormAlert error={saving.error} />
      <Status message={saving.pending ? "در حال ذخیره…" : undefined} />
      <div class="actions">
        <button type="submit" class="button" disabled={saving.pending}>
          ذخیرهٔ نقش‌ها
        </button>
        <button type="button" class="button button--quiet" onClick={() => props.onDone()}>
          انصراف
        </button>
      </div>
    </form>
  );
}
