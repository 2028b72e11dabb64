import { getTranslations } from "next-intl/server";

export async function Forbidden({ role }: { role: string }) {
  const t = await getTranslations("common");
  const tr = await getTranslations("roles");
  return (
    <div className="panel" data-testid="forbidden">
      <h1>{t("forbiddenTitle")}</h1>
      <p>{t("forbiddenBody", { role: tr(role) })}</p>
    </div>
  );
}
