/**
 * /certificates/:code — the printable certificate and its public verification in one page:
 * anyone holding the code (or scanning the QR, which opens this page) sees what it was issued
 * for. Printing hides the site's chrome (@media print in judging.css).
 */
import { toPersianDigits } from "@hamdel/core/fa";
import { createAsync, useParams } from "@solidjs/router";
import { Show } from "solid-js";
import { FormAlert } from "../../components/FormAlert";
import { Page } from "../../components/Page";
import { getCertificate } from "../../lib/judging";
import "./judging.css";

export default function Certificate() {
  const params = useParams();
  const result = createAsync(async () => {
    try {
      return { ok: await getCertificate(params.code ?? "") };
    } catch (error) {
      return { error };
    }
  });
  const cert = () => {
    const r = result();
    return r && "ok" in r ? r.ok : undefined;
  };
  return (
    <Page title="گواهی">
      <Show when={result() && "error" in (result() as object)}>
        <FormAlert error={(result() as { error: unknown }).error} />
      </Show>
      <Show when={cert()}>
        {(c) => (
          <section class="certificate" aria-label="متن گواهی">
            <p class="certificate__verified" role="status">
              این گواهی معتبر است و در سامانهٔ همدل ثبت شده است.
            </p>
            <p class="certificate__programme">{c().programmeTitle}</p>
            <p class="certificate__body">
              بدین‌وسیله گواهی می‌شود <strong>{c().name || "شرکت‌کنندهٔ گرامی"}</strong> در این برنامه به عنوان{" "}
              <strong>{c().awardFa}</strong> شناخته شد.
            </p>
            <p>تاریخ صدور: {c().issuedOnFa}</p>
            <p>
              کد بررسی:{" "}
              <span dir="ltr" class="certificate__code">
                {toPersianDigits(c().code)}
              </span>
            </p>
            {/* The QR is the API's own SVG (qrcode), encoding this page's address. */}
            <figure class="certificate__qr">
              <div role="img" aria-label="کد QR صفحهٔ بررسی این گواهی" innerHTML={c().qrSvg} />
              <figcaption dir="ltr">{c().verifyUrl}</figcaption>
            </figure>
            <button type="button" class="button certificate__print" onClick={() => window.print()}>
              چاپ گواهی
            </button>
          </section>
        )}
      </Show>
    </Page>
  );
}
