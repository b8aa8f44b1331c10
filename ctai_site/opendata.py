"""The « Données ouvertes » page: what can be downloaded, in which format, in every language.

The files themselves are written by `exports.write_exports` into `<site>/donnees/` (once, at the
site root); every language's page links there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ctai_site import exports, pages, vocab
from ctai_site.l10n import direction
from ctai_site.maps import page_name, render_template, site_strings, to_root
from ctai_site.model import Catalog

PAGE = "donnees-ouvertes"
DATA_DIR = "donnees"

# (key in FILES, format shown, key of the description string)
ROWS = (
    ("geojson", "GeoJSON", "opendata.geojson"),
    ("data-inclusion-xlsx", "XLSX", "opendata.di_xlsx"),
    ("data-inclusion-services-json", "JSON", "opendata.di_services"),
    ("data-inclusion-structures-json", "JSON", "opendata.di_structures"),
    ("data-inclusion-services-csv", "CSV", "opendata.di_services"),
    ("data-inclusion-structures-csv", "CSV", "opendata.di_structures"),
    ("hsds", "JSON", "opendata.hsds"),
    ("csv", "CSV", "opendata.csv"),
)

# Non-French texts: to be checked by a native speaker (notably ps and ti).
OPENDATA_STRINGS: dict[str, dict[str, str]] = {
    "fr": {
        "opendata.title": "Données ouvertes",
        "opendata.intro": "Les services et leurs lieux, à télécharger dans les formats ouverts "
        "nationaux (data·inclusion) et internationaux (GeoJSON, Open Referral HSDS).",
        "opendata.counts": "Services : {services} · Lieux sur la carte : {places}",
        "opendata.file": "Fichier",
        "opendata.format": "Format",
        "opendata.content": "Contenu",
        "opendata.geojson": "Les lieux, pour une carte (longitude puis latitude).",
        "opendata.di_xlsx": "data·inclusion : structures et services, pour le validateur "
        "officiel et data.gouv.fr.",
        "opendata.di_services": "data·inclusion : les services.",
        "opendata.di_structures": "data·inclusion : les structures porteuses.",
        "opendata.hsds": "Open Referral HSDS 3.0 : les services avec leurs lieux, horaires et "
        "langues.",
        "opendata.csv": "Pour un tableur : une ligne par service.",
        "opendata.only_fiches": "Ces fichiers disent seulement ce que disent les fiches : une "
        "information absente de la fiche est absente du fichier. Ils ne contiennent aucune "
        "donnée personnelle.",
        "opendata.source": "Source data·inclusion : {source}",
        "opendata.command": "Les mêmes fichiers, en ligne de commande :",
    },
    "en": {
        "opendata.title": "Open data",
        "opendata.intro": "The services and their places, to download in the French national "
        "format (data·inclusion) and international formats (GeoJSON, Open Referral HSDS).",
        "opendata.counts": "Services: {services} · Places on the map: {places}",
        "opendata.file": "File",
        "opendata.format": "Format",
        "opendata.content": "Content",
        "opendata.geojson": "The places, for a map (longitude, then latitude).",
        "opendata.di_xlsx": "data·inclusion: structures and services, for the official "
        "validator and data.gouv.fr.",
        "opendata.di_services": "data·inclusion: the services.",
        "opendata.di_structures": "data·inclusion: the organisations that run them.",
        "opendata.hsds": "Open Referral HSDS 3.0: the services with their places, hours and "
        "languages.",
        "opendata.csv": "For a spreadsheet: one row per service.",
        "opendata.only_fiches": "These files say only what the action sheets say: what a sheet "
        "leaves out is left out of the file. They hold no personal data.",
        "opendata.source": "data·inclusion source: {source}",
        "opendata.command": "The same files, from the command line:",
    },
    "ar": {
        "opendata.title": "البيانات المفتوحة",
        "opendata.intro": "الخدمات وأماكنها، للتنزيل بالصيغ المفتوحة الوطنية (data·inclusion) "
        "والدولية (GeoJSON وOpen Referral HSDS).",
        "opendata.counts": "الخدمات: {services} · الأماكن على الخريطة: {places}",
        "opendata.file": "الملف",
        "opendata.format": "الصيغة",
        "opendata.content": "المحتوى",
        "opendata.geojson": "الأماكن، لخريطة (خط الطول ثم خط العرض).",
        "opendata.di_xlsx": "data·inclusion: الهيئات والخدمات، للمدقق الرسمي وdata.gouv.fr.",
        "opendata.di_services": "data·inclusion: الخدمات.",
        "opendata.di_structures": "data·inclusion: الهيئات المسؤولة عن الخدمات.",
        "opendata.hsds": "Open Referral HSDS 3.0: الخدمات مع أماكنها وأوقاتها ولغاتها.",
        "opendata.csv": "لجدول بيانات: سطر لكل خدمة.",
        "opendata.only_fiches": "هذه الملفات لا تقول إلا ما تقوله البطاقات: ما لا يوجد في "
        "البطاقة لا يوجد في الملف. لا تحتوي على أي بيانات شخصية.",
        "opendata.source": "مصدر data·inclusion: {source}",
        "opendata.command": "الملفات نفسها، من سطر الأوامر:",
    },
    "fa": {
        "opendata.title": "داده‌های باز",
        "opendata.intro": "خدمات و مکان‌هایشان، برای دانلود در قالب‌های باز ملی (data·inclusion) "
        "و بین‌المللی (GeoJSON و Open Referral HSDS).",
        "opendata.counts": "خدمات: {services} · مکان‌های روی نقشه: {places}",
        "opendata.file": "فایل",
        "opendata.format": "قالب",
        "opendata.content": "محتوا",
        "opendata.geojson": "مکان‌ها، برای نقشه (اول طول جغرافیایی، بعد عرض جغرافیایی).",
        "opendata.di_xlsx": "data·inclusion: سازمان‌ها و خدمات، برای اعتبارسنج رسمی و data.gouv.fr.",
        "opendata.di_services": "data·inclusion: خدمات.",
        "opendata.di_structures": "data·inclusion: سازمان‌های ارائه‌دهنده.",
        "opendata.hsds": "Open Referral HSDS 3.0: خدمات با مکان‌ها، ساعت‌ها و زبان‌هایشان.",
        "opendata.csv": "برای صفحه‌گسترده: یک سطر برای هر خدمت.",
        "opendata.only_fiches": "این فایل‌ها فقط همان چیزی را می‌گویند که در برگه‌ها آمده است: "
        "آنچه در برگه نیست، در فایل هم نیست. هیچ دادهٔ شخصی در آن‌ها نیست.",
        "opendata.source": "منبع data·inclusion: {source}",
        "opendata.command": "همین فایل‌ها، از خط فرمان:",
    },
    "ps": {
        "opendata.title": "خلاص معلومات",
        "opendata.intro": "خدمتونه او د هغوی ځایونه، د ملي (data·inclusion) او نړیوالو "
        "(GeoJSON، Open Referral HSDS) خلاصو بڼو کې د ښکته کولو لپاره.",
        "opendata.counts": "خدمتونه: {services} · په نقشه کې ځایونه: {places}",
        "opendata.file": "فایل",
        "opendata.format": "بڼه",
        "opendata.content": "منځپانګه",
        "opendata.geojson": "ځایونه، د نقشې لپاره (لومړی طول البلد، بیا عرض البلد).",
        "opendata.di_xlsx": "data·inclusion: ادارې او خدمتونه، د رسمي تاییدونکي او "
        "data.gouv.fr لپاره.",
        "opendata.di_services": "data·inclusion: خدمتونه.",
        "opendata.di_structures": "data·inclusion: مسؤلې ادارې.",
        "opendata.hsds": "Open Referral HSDS 3.0: خدمتونه د ځایونو، وختونو او ژبو سره.",
        "opendata.csv": "د سپریډشیټ لپاره: د هر خدمت لپاره یوه کرښه.",
        "opendata.only_fiches": "دا فایلونه یوازې هغه څه وايي چې په پاڼو کې راغلي دي: هغه څه چې "
        "په پاڼه کې نشته، په فایل کې هم نشته. په دوی کې هیڅ شخصي معلومات نشته.",
        "opendata.source": "د data·inclusion سرچینه: {source}",
        "opendata.command": "همدا فایلونه، د کمانډ لاین څخه:",
    },
    "ti": {
        "opendata.title": "ክፉት ሓበሬታ",
        "opendata.intro": "ኣገልግሎታትን ቦታታቶምን፡ ብሃገራዊ (data·inclusion) ከምኡ’ውን ዓለምለኻዊ "
        "(GeoJSON፡ Open Referral HSDS) ክፉታት ቅርጽታት ንምውራድ።",
        "opendata.counts": "ኣገልግሎታት: {services} · ኣብ ካርታ ዘለዉ ቦታታት: {places}",
        "opendata.file": "ፋይል",
        "opendata.format": "ቅርጺ",
        "opendata.content": "ትሕዝቶ",
        "opendata.geojson": "ቦታታት፡ ንካርታ (ቅድም ኑውሕ፡ ድሕሪኡ ስፍሓት)።",
        "opendata.di_xlsx": "data·inclusion: ትካላትን ኣገልግሎታትን፡ ንወግዓዊ መረጋገጺን data.gouv.fr ን።",
        "opendata.di_services": "data·inclusion: ኣገልግሎታት።",
        "opendata.di_structures": "data·inclusion: ዘካይዱ ትካላት።",
        "opendata.hsds": "Open Referral HSDS 3.0: ኣገልግሎታት ምስ ቦታታቶም፡ ሰዓታቶምን ቋንቋታቶምን።",
        "opendata.csv": "ንሰንጠረዥ: ንነፍሲ ወከፍ ኣገልግሎት ሓደ መስመር።",
        "opendata.only_fiches": "እዞም ፋይላት ኣብ ቅጥዕታት ዘሎ ጥራይ እዮም ዝገልጹ: ኣብ ቅጥዒ ዘየሎ ኣብ "
        "ፋይል’ውን የለን። ዝኾነ ውልቃዊ ሓበሬታ ኣይሓዙን።",
        "opendata.source": "ምንጪ data·inclusion: {source}",
        "opendata.command": "ተመሳሳሊ ፋይላት፡ ካብ መስመር ትእዛዝ:",
    },
    "ru": {
        "opendata.title": "Открытые данные",
        "opendata.intro": "Услуги и места, где их получить, для скачивания в открытых форматах: "
        "национальном (data·inclusion) и международных (GeoJSON, Open Referral HSDS).",
        "opendata.counts": "Услуги: {services} · Места на карте: {places}",
        "opendata.file": "Файл",
        "opendata.format": "Формат",
        "opendata.content": "Содержание",
        "opendata.geojson": "Места для карты (сначала долгота, потом широта).",
        "opendata.di_xlsx": "data·inclusion: организации и услуги, для официального валидатора "
        "и data.gouv.fr.",
        "opendata.di_services": "data·inclusion: услуги.",
        "opendata.di_structures": "data·inclusion: организации, которые их предоставляют.",
        "opendata.hsds": "Open Referral HSDS 3.0: услуги с местами, часами работы и языками.",
        "opendata.csv": "Для электронной таблицы: одна строка на услугу.",
        "opendata.only_fiches": "Эти файлы содержат только то, что написано в карточках: чего нет "
        "в карточке, нет и в файле. Личных данных в них нет.",
        "opendata.source": "Источник data·inclusion: {source}",
        "opendata.command": "Те же файлы из командной строки:",
    },
    "uk": {
        "opendata.title": "Відкриті дані",
        "opendata.intro": "Послуги та місця, де їх отримати, для завантаження у відкритих "
        "форматах: національному (data·inclusion) і міжнародних (GeoJSON, Open Referral HSDS).",
        "opendata.counts": "Послуги: {services} · Місця на карті: {places}",
        "opendata.file": "Файл",
        "opendata.format": "Формат",
        "opendata.content": "Вміст",
        "opendata.geojson": "Місця для карти (спочатку довгота, потім широта).",
        "opendata.di_xlsx": "data·inclusion: організації та послуги, для офіційного валідатора "
        "і data.gouv.fr.",
        "opendata.di_services": "data·inclusion: послуги.",
        "opendata.di_structures": "data·inclusion: організації, які їх надають.",
        "opendata.hsds": "Open Referral HSDS 3.0: послуги з місцями, годинами роботи та мовами.",
        "opendata.csv": "Для електронної таблиці: один рядок на послугу.",
        "opendata.only_fiches": "Ці файли містять лише те, що написано в картках: чого немає в "
        "картці, немає і у файлі. Особистих даних у них немає.",
        "opendata.source": "Джерело data·inclusion: {source}",
        "opendata.command": "Ті самі файли з командного рядка:",
    },
}


def opendata_strings(lang: str, overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    return {**OPENDATA_STRINGS["fr"], **OPENDATA_STRINGS.get(lang, {}), **(overrides or {})}


def render_opendata_page(
    catalog: Catalog,
    lang: str,
    source: str | None = None,
    *,
    strings: Mapping[str, str] | None = None,
    data_url: str = f"../{DATA_DIR}/",
) -> str:
    """The page in `lang`; `data_url` is the relative URL of the folder of the files, `source`
    the data·inclusion source (not shown when None)."""
    texts = opendata_strings(lang, strings)
    rows = [
        (exports.FILES[key], data_url + exports.FILES[key], fmt, texts[description])
        for key, fmt, description in ROWS
    ]
    return render_template(
        "opendata.md.j2",
        s=texts,
        lang=lang,
        dir=direction(lang),
        rows=rows,
        source=source,
        services=len(exports.public_services(catalog)),
        places=sum(1 for _ in exports.located_places(catalog)),
    )


def opendata_pages(
    catalog: Catalog,
    source: str | None = None,
    strings_for_lang: Callable[[str], Mapping[str, str]] | None = None,
    *,
    page: str = PAGE,
    depth: int = 1,
) -> dict[str, str]:
    """File name -> Markdown for the « Données ouvertes » page in every language."""
    return {
        page_name(page, lang): render_opendata_page(
            catalog,
            lang,
            source,
            strings=strings_for_lang(lang) if strings_for_lang else None,
            data_url=f"{to_root(lang, depth)}{DATA_DIR}/",
        )
        for lang in vocab.LANGUAGE_CODES
    }


def site_pages(site: pages.Site) -> dict[str, str]:
    """`pages.PAGE_PROVIDERS` entry (`"ctai_site.opendata:site_pages"`): the page in every
    language, with the site's own strings where they are translated."""
    return opendata_pages(site.catalog, None, site_strings(site))
