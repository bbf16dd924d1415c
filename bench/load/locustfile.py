"""The mixed workload of the load test (`make bench-load`): what a day at the portal looks like.

Workers on phones (most traffic): the nearest open stations, a station page, the job board with
a keyword, a posting page, now and then feedback. Partner systems: the postings list and a few
postings pushed with an Idempotency-Key. Staff: the case list. `bench/load/run.py` starts the
server and passes ids and keys through environment variables.
"""

import os
import random
import uuid
from datetime import date, timedelta

from locust import HttpUser, between, task

STATION_IDS = [int(value) for value in os.environ["LOAD_STATION_IDS"].split(",")]
POSTING_IDS = [int(value) for value in os.environ["LOAD_POSTING_IDS"].split(",")]
PARTNER_KEY = os.environ["LOAD_PARTNER_KEY"]
CASES_KEY = os.environ["LOAD_CASES_KEY"]
EMPLOYER_CODE = os.environ["LOAD_EMPLOYER_CODE"]
# Around 达州 (dense demo data) and elsewhere in China.
PLACES = [(31.21, 107.47), (31.19, 107.52), (41.79, 123.35), (35.76, 112.45), (39.13, 117.20), (30.57, 104.07)]
KEYWORDS = ["骑手", "保安", "电工", "针车", "养老护理", "司机"]


class Worker(HttpUser):
    weight = 7
    wait_time = between(0.5, 2)

    @task(4)
    def nearest_open_stations(self):
        lat, lng = random.choice(PLACES)
        self.client.get(f"/api/v1/stations/?near={lat},{lng}&open_now=true&page_size=20",
                        name="/api/v1/stations/?near")

    @task(2)
    def finder_page(self):
        lat, lng = random.choice(PLACES)
        self.client.get(f"/stations/?lat={lat}&lng={lng}", name="/stations/?lat&lng")

    @task(3)
    def station_page(self):
        self.client.get(f"/stations/{random.choice(STATION_IDS)}/", name="/stations/<id>/")

    @task(3)
    def job_board_search(self):
        self.client.get(f"/jobs/?q={random.choice(KEYWORDS)}", name="/jobs/?q")

    @task(2)
    def posting_page(self):
        self.client.get(f"/jobs/{random.choice(POSTING_IDS)}/", name="/jobs/<id>/")

    @task(1)
    def feedback(self):
        self.client.post(
            f"/api/v1/stations/{random.choice(STATION_IDS)}/feedback/",
            json={"rating": random.randint(3, 5), "category": "facilities", "text": "饮水机很方便，谢谢驿站。"},
            name="/api/v1/stations/<id>/feedback/",
        )


class Partner(HttpUser):
    weight = 2
    wait_time = between(0.5, 1.5)

    def on_start(self):
        self.client.headers["Authorization"] = f"Api-Key {PARTNER_KEY}"

    @task(6)
    def postings_list(self):
        self.client.get("/api/v1/postings/?page_size=50", name="/api/v1/postings/ (partner)")

    @task(1)
    def push_posting(self):
        today = date.today()
        body = {
            "employer": EMPLOYER_CODE, "title": "外卖骑手（压测）", "occupation": "delivery",
            "description": "负责达川区城区外卖配送，多劳多得。", "headcount": 5,
            "pay_min": "6000.00", "pay_max": "9000.00", "pay_unit": "month", "employment_form": "platform",
            "region": "511703", "address": "达州市达川区通州大道297号", "contact_name": "陈先生",
            "contact_phone": "13980812345", "valid_from": today.isoformat(),
            "valid_through": (today + timedelta(days=30)).isoformat(),
        }
        key = str(uuid.uuid4())
        with self.client.post("/api/v1/postings/", json=body, headers={"Idempotency-Key": key},
                              name="/api/v1/postings/ POST", catch_response=True) as response:
            if response.status_code != 201:
                response.failure(f"{response.status_code}: {response.text[:200]}")


class Staff(HttpUser):
    weight = 1
    wait_time = between(1, 3)

    def on_start(self):
        self.client.headers["Authorization"] = f"Api-Key {CASES_KEY}"

    @task
    def case_list(self):
        self.client.get("/api/v1/cases/", name="/api/v1/cases/ (staff)")
