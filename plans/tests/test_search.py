from plans.search import fold_vietnamese, search_terms


def test_folding_strips_every_vietnamese_diacritic_and_case():
    assert fold_vietnamese("Tăng Trưởng XANH") == "tang truong xanh"
    assert fold_vietnamese("Đồng Nai, đất đai") == "dong nai, dat dai"
    assert fold_vietnamese("Ủy ban nhân dân  tỉnh") == "uy ban nhan dan tinh"


def test_search_terms_split_folded_words():
    assert search_terms(" tăng  trưởng ") == ["tang", "truong"]
