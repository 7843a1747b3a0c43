from tests.helpers.web import post


def test_student_can_log_in_and_see_the_dashboard(client, auth, make_user, imported):
    make_user(username="amal")
    response = auth.login("amal")
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "Basics of the demo" in page
    assert post(client, "/logout").status_code == 302
