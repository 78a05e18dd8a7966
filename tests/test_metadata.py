"""Order metadata and definitions, read from every corpus order in both text forms."""
from pathlib import Path

import pytest

from extractor.assemble import assemble
from extractor.locate import first_table, locate_roadmaps
from extractor.metadata import MetadataSettings, definition_texts, definitions, nominative, read_order, recase
from extractor.parsers import parse_file
from extractor.parsers.text import parse_text

from .conftest import CORPUS, ORDERS, ROOT, load_gold

MADE = ROOT / "tests" / "made" / "orders"

FIELDS = ("kind", "number", "date", "place", "title", "signatory", "region")


def metadata(path):
    document = parse_file(path)
    roadmaps = locate_roadmaps(document)
    return read_order(document, first_table(document, roadmaps[0]) if roadmaps else None)


@pytest.mark.parametrize("name", ORDERS)
@pytest.mark.parametrize("fmt", ["txt", "docx"])
def test_order_fields_match_gold(name, fmt):
    gold = load_gold(name)
    meta = metadata(CORPUS / name / f"order.{fmt}")
    for key in FIELDS:
        value = getattr(meta, key)
        assert (value.isoformat() if key == "date" and value else value) == gold["order"][key], key
    assert meta.plan_title == gold["plan"]["title"]


def test_covering_letter_is_not_the_order_and_its_number_is_a_mention():
    meta = metadata(CORPUS / "000_tver_2021" / "order.txt")
    assert meta.number == "1147/ЮК" and meta.date.isoformat() == "2021-11-23"
    assert ("1147/ПК", "сопроводительное письмо") in meta.number_mentions


def test_other_order_of_the_same_day_cited_in_the_text_is_no_mention():
    meta = metadata(CORPUS / "004_tomsk_2023" / "order.txt")
    assert [n for n, _ in meta.number_mentions] == ["352-р"]


def order_text(head: str) -> str:
    return (f"{head}\n\nП Р И К А З\n\n05.02.2024\n\nг. Курск\n\n№ 01-05/312\n\n"
            "Об утверждении плана мероприятий на 2024 год\n\n"
            "В целях повышения качества образования приказываю:\n\n1. Утвердить план.\n\n"
            "Министр\n\nА.Б. Петрова\n\n"
            "План мероприятий по повышению качества образования на 2024 год\n\n"
            "№\tМероприятие\tСрок\n1.\tСовещание\tмай 2024\n")


def test_an_order_of_another_region():
    document = parse_text(order_text("**МИНИСТЕРСТВО ОБРАЗОВАНИЯ И НАУКИ\nКУРСКОЙ ОБЛАСТИ**"), Path("x.txt"), "txt")
    meta = read_order(document, document.tables[0])
    assert (meta.kind, meta.number, meta.date.isoformat()) == ("приказ", "01-05/312", "2024-02-05")
    assert meta.issuer == "Министерство образования и науки Курской области"
    assert meta.region == "Курская область" and meta.place == "г. Курск"
    assert meta.signatory == "А.Б. Петрова"
    assert meta.title == "Об утверждении плана мероприятий на 2024 год"
    assert meta.plan_title == "План мероприятий по повышению качества образования на 2024 год"


def test_header_zone_is_a_setting():
    document = parse_text(order_text("МИНИСТЕРСТВО ОБРАЗОВАНИЯ\nКУРСКОЙ ОБЛАСТИ"), Path("x.txt"), "txt")
    narrow = read_order(document, document.tables[0], MetadataSettings(header_zone_lines=2))
    assert (narrow.date.isoformat(), narrow.place, narrow.number) == ("2024-02-05", "г. Курск", None)
    no_letterhead = read_order(document, document.tables[0], MetadataSettings(upper_min_letters=40))
    assert no_letterhead.issuer is None


@pytest.mark.parametrize("genitive, nominative_form", [
    ("Тверской области", "Тверская область"), ("Краснодарского края", "Краснодарский край"),
    ("Республики Карелия", "Республика Карелия"), ("Нижегородской области", "Нижегородская область"),
])
def test_region_in_the_nominative(genitive, nominative_form):
    assert nominative(genitive) == nominative_form


def test_letterhead_recased_from_the_document_words():
    assert recase("УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ СПИРОВСКОГО ОКРУГА",
                  {"спировского": "Спировского"}) == "Управление образования администрации Спировского округа"


@pytest.mark.parametrize("text, short, full", [
    ("Министерство образования Тверской области (далее – МО ТО)", "МО ТО", "Министерство образования Тверской области"),
    ("для руководителей муниципальных органов управления образованием (далее - МОУО)", "МОУО",
     "муниципальных органов управления образованием"),
    ("реализации целевой модели цифровой образовательной среды (далее – ЦОС) на базе", "ЦОС",
     "цифровой образовательной среды"),
    ("Создание сетевого ресурса в целях объединения (далее – сетевой ресурс)", "сетевой ресурс",
     "сетевого ресурса в целях объединения"),
    # a place name stays in the nominative inside the phrase
    ("3. Государственному казённому учреждению Республики Алтай «Центр обработки информации» (далее – ЦОИ)",
     "ЦОИ", "Государственному казённому учреждению Республики Алтай «Центр обработки информации»"),
    # the initials spell the territory and the quoted name: the legal form before them belongs
    ("2. Государственному автономному учреждению Псковской области «Институт развития образования» "
     "(далее – ПОИРО) обеспечить", "ПОИРО",
     "Государственному автономному учреждению Псковской области «Институт развития образования»"),
    # a compound abbreviation keeps the first syllable of its head word
    ("Министерство образования и науки Республики Тыва (далее – Минобрнауки РТ) приказывает", "Минобрнауки РТ",
     "Министерство образования и науки Республики Тыва"),
])
def test_definitions(text, short, full):
    (d,) = definitions([text])
    assert (d.short, d.full) == (short, full)


@pytest.mark.parametrize("name", ORDERS)
def test_definitions_found_in_each_order(name):
    document = parse_file(CORPUS / name / "order.txt")
    roadmaps = locate_roadmaps(document)
    drafts = [a for r in roadmaps for a in assemble(r)]
    shorts = [d.short for d in definitions(definition_texts(document, roadmaps, drafts))]
    assert shorts == [a["short"] for a in load_gold(name)["abbreviations"]]


def test_header_lines_grouped_otherwise_and_dates_in_words():
    text = ("Министерство образования\nОренбургской области\n\nРАСПОРЯЖЕНИЕ\n«05» февраля 2024 г. № 77-р\n\n"
            "О реализации плана мероприятий на 2024/2025 учебный год\n\nРаспоряжаюсь:\n\n"
            "Министр Петрова А.Б.\n\nПлан мероприятий\n\nМероприятие\tСрок\tОтветственный\nА\tмай 2024\tОО\n")
    document = parse_text(text, Path("x.txt"), "txt")
    meta = read_order(document, document.tables[0])
    assert (meta.kind, meta.number, meta.date.isoformat()) == ("распоряжение", "77-р", "2024-02-05")
    assert meta.issuer == "Министерство образования Оренбургской области"
    assert meta.region == "Оренбургская область"
    assert meta.signatory == "Петрова А.Б."
    assert meta.title == "О реализации плана мероприятий на 2024/2025 учебный год"


# the orders in tests/made/seeds, as written: kind, number, date, issuer, region, title
MADE_ORDERS = {
    "201_headings": ("приказ", "27-о", "2024-02-14",
                     "Управление образования администрации Заречного муниципального округа", None,
                     "Об утверждении плана мероприятий по повышению качества образования на 2024 год"),
    "202_nested": ("распоряжение", "118-р", "2024-03-05", "Министерство образования Прибрежной области",
                   "Прибрежная область", "О плане мероприятий по поддержке школ на 2024 год"),
    # a published appendix: no heading of its own, the order read from the stamp; the site's
    # menu ("О министерстве") is no title
    "203_appendix": ("приказ", "412", "2023-03-15", "Министерство образования Ставропольского края",
                     "Ставропольский край", None),
}


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf"])
@pytest.mark.parametrize("name", sorted(MADE_ORDERS))
def test_made_orders_metadata_in_every_format(name, fmt):
    meta = metadata(MADE / name / f"order.{fmt}")
    got = (meta.kind, meta.number, meta.date.isoformat() if meta.date else None, meta.issuer, meta.region, meta.title)
    assert got == MADE_ORDERS[name]


@pytest.mark.parametrize("stamp, expected", [
    ("Приложение\nк приказу министерства образования Курской области\nот 15 марта 2023 г. N 412",
     ("приказ", "412", "2023-03-15", "Министерство образования Курской области")),
    ("УТВЕРЖДЕН\nраспоряжением Комитета по образованию\nот 05.02.2024 № 77-р",
     ("распоряжение", "77-р", "2024-02-05", "Комитет по образованию")),
    ("Приложение к постановлению администрации Заречного района от 01.09.2022 No 1203",
     ("постановление", "1203", "2022-09-01", "Администрация Заречного района")),
    ("Приложение\nк приказу от 10.01.2024 NN 5", ("приказ", "5", "2024-01-10", None)),
    ("Приложение N 2\nк приказу департамента образования\nот 15.03.2023г. №412",
     ("приказ", "412", "2023-03-15", "Департамент образования")),
])
def test_order_read_from_the_appendix_stamp(stamp, expected):
    text = (f"Главная | Новости | Документы\n\nО министерстве\n\n{stamp}\n\n"
            "План мероприятий на 2024 год\n\n№\tМероприятие\tСрок\n1.\tСовещание\tмай 2024\n")
    document = parse_text(text, Path("x.txt"), "txt")
    meta = read_order(document, document.tables[0])
    assert (meta.kind, meta.number, meta.date.isoformat(), meta.issuer) == expected
    assert meta.title is None and meta.plan_title == "План мероприятий на 2024 год"


@pytest.mark.parametrize("line, number", [
    ("№ 01-05/312", "01-05/312"), ("N 01-05/312", "01-05/312"), ("No 312", "312"), ("No. 312", "312"),
    ("NN 312-р", "312-р"), ("от 05.02.2024 N312", "312"),
])
def test_order_number_after_a_plain_ascii_number_sign(line, number):
    text = order_text("МИНИСТЕРСТВО ОБРАЗОВАНИЯ\nКУРСКОЙ ОБЛАСТИ").replace("№ 01-05/312", line)
    document = parse_text(text, Path("x.txt"), "txt")
    assert read_order(document, document.tables[0]).number == number


def test_site_menu_above_the_letterhead_is_skipped():
    menu = "Министерство | Документы | Контакты\n\nВерсия для слабовидящих\n\n"
    document = parse_text(menu + order_text("Министерство образования\nКурской области"), Path("x.txt"), "txt")
    meta = read_order(document, document.tables[0])
    assert (meta.issuer, meta.number) == ("Министерство образования Курской области", "01-05/312")


_PLAN_TABLE = ("\n\nОб утверждении плана мероприятий на 2024 год\n\nПРИКАЗЫВАЮ:\n\n1. Утвердить план.\n\n"
               "Начальник отдела                 И.И. Иванов\n\nПлан мероприятий на 2024 год\n\n"
               "№\tМероприятие\tСрок\tОтветственный\n1\tСовещание\tмарт 2024\tОтдел образования\n")


@pytest.mark.parametrize("head, expected", [
    # the number (and the date) on the document-type line
    ("АДМИНИСТРАЦИЯ ЗЕЛЕНОГРАДСКОГО МУНИЦИПАЛЬНОГО ОКРУГА\n\nПРИКАЗ № 245-п\n\n15 марта 2024 г.",
     ("приказ", "245-п", "2024-03-15", "Администрация Зеленоградского муниципального округа")),
    ("ОТДЕЛ ОБРАЗОВАНИЯ\n\nПРИКАЗ от 15.03.2024 № 245", ("приказ", "245", "2024-03-15", "Отдел образования")),
    # the kind word capitalised, not in capitals
    ("Отдел образования администрации района\n\nПриказ\n\nот 15 марта 2024 года № 245",
     ("приказ", "245", "2024-03-15", "Отдел образования администрации района")),
    # date and number in a small table of their own
    ("УПРАВЛЕНИЕ ОБРАЗОВАНИЯ\n\nПРИКАЗ\n\n«15» марта 2024 г.\t\t\t\t№ 245",
     ("приказ", "245", "2024-03-15", "Управление образования")),
    # the one-line heading of a legal portal instead of the letterhead
    ('Приказ Министерства образования Республики Саха (Якутия) от 15 марта 2024 г. N 245 "Об утверждении плана"',
     ("приказ", "245", "2024-03-15", "Министерство образования Республики Саха (Якутия)")),
    # a school's letterhead: the quoted name with its number on a line of its own
    ("Муниципальное бюджетное общеобразовательное учреждение\n«Средняя общеобразовательная школа № 31»\n\n"
     "ПРИКАЗ\n\n01.09.2023 № 214-о",
     ("приказ", "214-о", "2023-09-01",
      "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 31»")),
])
def test_order_heading_forms(head, expected):
    document = parse_text(head + _PLAN_TABLE, Path("x.txt"), "txt")
    roadmaps = locate_roadmaps(document)
    meta = read_order(document, first_table(document, roadmaps[0]))
    assert (meta.kind, meta.number, meta.date.isoformat(), meta.issuer) == expected


@pytest.mark.parametrize("upper, cased", [
    ("ДЕПАРТАМЕНТ ОБРАЗОВАНИЯ И НАУКИ ЧУКОТСКОГО АВТОНОМНОГО ОКРУГА",
     "Департамент образования и науки Чукотского автономного округа"),
    ("УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ГОРОДА ЯКУТСКА", "Управление образования администрации города Якутска"),
    ("МИНИСТЕРСТВО ОБРАЗОВАНИЯ И НАУКИ РЕСПУБЛИКИ АДЫГЕЯ", "Министерство образования и науки Республики Адыгея"),
])
def test_letterhead_recased_place_names(upper, cased):
    assert recase(upper, {}) == cased


@pytest.mark.parametrize("issuer, region", [
    ("Министерство образования Республики Саха (Якутия)", "Республика Саха (Якутия)"),
    ("Департамент образования и науки Чукотского автономного округа", "Чукотский автономный округ"),
    ("Министерство образования и науки Хабаровского края", "Хабаровский край"),
])
def test_region_of_the_issuer(issuer, region):
    from extractor.metadata import region_of
    assert region_of(issuer) == region


def test_plan_title_opening_with_plan():
    text = ("ПРИКАЗ\n\n01.09.2023 № 214-о\n\nОб утверждении плана подготовки к ГИА\n\n"
            "План подготовки обучающихся к государственной итоговой аттестации в 2023-2024 учебном году\n\n"
            "№\tМероприятия\tСроки\tОтветственные\n1\tСобрание\tсентябрь\tДиректор\n")
    document = parse_text(text, Path("x.txt"), "txt")
    meta = read_order(document, document.tables[0])
    assert meta.plan_title == "План подготовки обучающихся к государственной итоговой аттестации в 2023-2024 учебном году"


def test_plan_title_in_capitals_wrapped_over_lines():
    text = ("ПРИКАЗ\n\n01.09.2023 № 214-о\n\nОб утверждении плана\n\n"
            "ПЛАН МЕРОПРИЯТИЙ ПО ПОВЫШЕНИЮ КАЧЕСТВА ОБРАЗОВАНИЯ В ШКОЛАХ С\n\nНИЗКИМИ РЕЗУЛЬТАТАМИ НА 2024 ГОД\n\n"
            "№\tМероприятия\tСроки\tОтветственные\n1\tСобрание\tсентябрь\tДиректор\n")
    document = parse_text(text, Path("x.txt"), "txt")
    meta = read_order(document, document.tables[0])
    assert meta.plan_title == "ПЛАН МЕРОПРИЯТИЙ ПО ПОВЫШЕНИЮ КАЧЕСТВА ОБРАЗОВАНИЯ В ШКОЛАХ С НИЗКИМИ РЕЗУЛЬТАТАМИ НА 2024 ГОД"


def test_plan_title_set_over_several_paragraphs():
    text = ("ПРИКАЗ\n\n15.03.2024 № 245\n\nОб утверждении плана мероприятий\n\n"
            "ПЛАН\n\nмероприятий по повышению качества образования\n\nна 2024/2025 учебный год\n\n"
            "№\tМероприятие\tСрок\tОтветственный\n1.\tСовещание\tсентябрь\tОтдел образования\n")
    document = parse_text(text, Path("x.txt"), "txt")
    meta = read_order(document, document.tables[0])
    assert meta.plan_title == "ПЛАН мероприятий по повышению качества образования на 2024/2025 учебный год"


def test_letterhead_date_and_number_laid_out_in_tables(tmp_path):
    """A DOCX letterhead set in tables: the issuer beside the document type, the date beside
    the number."""
    import docx

    from extractor.pipeline import extract

    document = docx.Document()
    head = document.add_table(rows=1, cols=2)
    head.cell(0, 0).text, head.cell(0, 1).text = "МИНИСТЕРСТВО ОБРАЗОВАНИЯ\nКАМЧАТСКОГО КРАЯ", "ПРИКАЗ"
    line = document.add_table(rows=1, cols=2)
    line.cell(0, 0).text, line.cell(0, 1).text = "«15» марта 2024 г.", "№ 245-п"
    for text in ("г. Петропавловск-Камчатский", "Об утверждении плана", "План мероприятий на 2024 год"):
        document.add_paragraph(text)
    roadmap = document.add_table(rows=2, cols=4)
    for i, cells in enumerate([["№", "Мероприятие", "Срок", "Ответственный"],
                               ["1.", "Положение", "март 2024", "Отдел образования"]]):
        for j, text in enumerate(cells):
            roadmap.cell(i, j).text = text
    path = tmp_path / "order.docx"
    document.save(path)
    order = extract(path).order
    assert (order.kind, order.number, order.date.isoformat()) == ("приказ", "245-п", "2024-03-15")
    assert (order.issuer, order.region) == ("Министерство образования Камчатского края", "Камчатский край")
    assert order.title == "Об утверждении плана"


@pytest.mark.parametrize("line, kind", [
    ("ПРИКАЗ", "приказ"), ("П Р И К А З", "приказ"), ("Приказ", "приказ"), ("ПРИКАЗ № 245-п", "приказ"),
    ("Приказ от 15 марта 2024 г. № 245", "приказ"), ("Распоряжение от «15» марта 2024 года N 12-р", "распоряжение"),
    ("Приказ от 01.09.2021 № 123 признать утратившим силу", None), ("Приказом от 01.09.2021", None),
    ("ПРИКАЗЫВАЮ:", None), ("приказ", None),
])
def test_document_type_line(line, kind):
    from extractor.metadata import doc_type
    assert doc_type(line) == kind


def test_a_numbered_point_naming_a_person_is_no_signature_and_a_letterhead_takes_the_stamps_casing():
    text = ("УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ГОРОДА ПСКОВА\n\nПРИКАЗ\n\n19.01.2024 № 27\n\n"
            "Об утверждении плана\n\n1. Утвердить план.\n\n"
            "2. Контроль за исполнением приказа возложить на старшего воспитателя Кравец Н.Ю.\n\n"
            "Начальник управления\n\nЛ.Р. Ахмедова\n\nПриложение\nк приказу Управления образования\n"
            "Администрации города Пскова\nот 19.01.2024 № 27\n\n"
            "№\tМероприятия\tСроки\tОтветственные\n1\tСобрание\tсентябрь\tДиректор\n")
    document = parse_text(text, Path("x.txt"), "txt")
    meta = read_order(document, document.tables[0])
    assert meta.signatory == "Л.Р. Ахмедова"
    assert meta.issuer == "Управление образования Администрации города Пскова"
