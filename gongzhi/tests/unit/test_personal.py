"""Personal data in what residents write is masked: phone numbers, identity card numbers and
e-mail addresses; the numbers a report is full of otherwise are not."""

import pytest
from stdnum.cn import ric

from gongzhi.personal import mask

ID_CARD = "620502198807150010"  # Qinzhou district, born 1988-07-15, a valid check digit


def test_the_sample_identity_card_number_is_valid():
    assert ric.is_valid(ID_CARD)


@pytest.mark.parametrize(
    "phone",
    [
        "138 0013 8000",
        "13800138000",
        "+86 138 0013 8000",
        "+86-138-0013-8000",
        "+8613800138000",
        "+86-10-6512-3456",
        "010-6512-3456",
        "(0938)8212345",
        "0938 8212345",
        "１３８００１３８０００",  # full-width digits, as Chinese input methods type them
    ],
)
def test_a_mobile_or_landline_is_masked_however_it_is_written(phone):
    assert mask(f"请回电{phone}，谢谢") == "请回电[phone]，谢谢"


def test_an_identity_card_number_with_a_valid_check_digit_is_masked():
    assert mask(f"身份证号{ID_CARD}。") == "身份证号[id-card]。"
    assert mask("他的身份证 11010519491231002x") == "他的身份证 [id-card]"


def test_eighteen_digits_that_fail_the_check_are_not_an_identity_card():
    wrong = ID_CARD[:-1] + "1"
    assert mask(f"工单号 {wrong}") == f"工单号 {wrong}"


def test_an_email_address_is_masked_without_the_chinese_text_around_it():
    assert mask("邮箱zhang.san+jb@mail.qq.com谢谢") == "邮箱[email]谢谢"
    assert mask("13800138000@qq.com") == "[email]"


def test_everything_at_once_in_a_description():
    text = (
        f"楼下漏水。电话 138 0013 8000，座机 +86-10-6512-3456，身份证 {ID_CARD}，"
        "邮箱 li.si@example.cn。"
    )
    assert mask(text) == "楼下漏水。电话 [phone]，座机 [phone]，身份证 [id-card]，邮箱 [email]。"


@pytest.mark.parametrize(
    "text",
    [
        "共 12 户、37 人受影响，3 楼 2 单元 502 室",
        "已持续 120 天，污水约 300 升",
        "2026-12-02 08:30 起，20261202 报修，2026年12月2日",
        "位置 34.5805, 105.7203",
        "坐标 34.0123456789,105.7203000001",
        "网格 620502001001001",
        "报告 e7a3c9b2-4f0e-4c1a-9b8a-013800138000",
        "1715000000000 ms",
        "门牌号 12345678",  # eight digits without an area code are not a phone number here
    ],
)
def test_counts_dates_coordinates_and_ids_are_left_alone(text):
    assert mask(text) == text


def test_text_without_personal_data_is_returned_as_it_is():
    assert mask("下水道堵塞, 污水漫到路面") == "下水道堵塞, 污水漫到路面"


def test_a_number_percent_encoded_in_a_url_is_masked_too():
    logged = "Loaded SMS gateway URL: smsgws://k@sms.example.cn/send?to=%2B8613800138000&sign=x"
    assert mask(logged) == "Loaded SMS gateway URL: smsgws://[email]/send?to=[phone]&sign=x"
    assert mask("to=%2b8613800138000") == "to=[phone]"
