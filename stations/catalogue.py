"""The facility and service-item catalogues the domain names, loaded by data migrations and by
`seed_catalogues()` (idempotent). Names are data, in Chinese, as the stations display them; the
English names are what the public pages show when English is chosen (`name_en`)."""

FACILITIES = [
    ("drinking_water", "饮用水"), ("microwave", "微波炉"), ("charging", "手机充电"), ("toilet", "卫生间"),
    ("rest_seats", "休息座椅"), ("folding_beds", "折叠床"), ("massage_chair", "按摩椅"), ("books", "图书"),
    ("chess", "棋牌"), ("fitness", "健身器材"), ("first_aid", "急救药箱"), ("air_conditioning", "空调/取暖"),
    ("wifi", "无线网络"), ("umbrella", "爱心雨伞"), ("fridge", "冰箱"), ("notice_board", "公告栏"),
]

# (code, name, group, description)
SERVICE_ITEMS = [
    ("legal_aid", "送法律", "career", "法律咨询与法律援助"),
    ("rights_consult", "劳动维权咨询", "career", "工资、合同、工伤等劳动权益咨询"),
    ("mediation", "劳动争议调解", "career", "枫桥式调解，小事不出站"),
    ("collective_bargaining", "集体协商指导", "career", "工资集体协商指导"),
    ("training", "送培训", "career", "技能培训进站点"),
    ("order_training", "订单式培训", "career", "按用工需求定向培训，如养老护理班"),
    ("job_info", "招聘加油站", "career", "招聘信息发布与岗位推荐"),
    ("career_guidance", "职业指导", "career", "求职指导与职业规划"),
    ("skills_contest", "技能竞赛", "career", "劳动和技能竞赛"),
    ("education", "学历提升", "career", "职工学历与能力提升"),
    ("membership", "入会服务", "career", "新就业形态劳动者线上线下入会"),
    ("water", "饮水", "life", "免费饮用水"),
    ("food_heating", "热饭", "life", "微波炉热饭"),
    ("charging", "充电", "life", "手机、电动车应急充电"),
    ("rest", "休憩", "life", "歇脚休息"),
    ("toilet", "如厕", "life", "卫生间开放"),
    ("first_aid", "应急药品", "life", "常用药品与急救箱"),
    ("free_clinic", "送义诊", "life", "医生进站义诊"),
    ("health_check", "健康体检", "life", "职工健康体检"),
    ("summer_cooling", "送清凉", "life", "夏季防暑降温慰问"),
    ("winter_warmth", "送温暖", "life", "冬季与节日慰问"),
    ("counselling", "心理团辅", "life", "心理健康团体辅导与咨询"),
    ("childcare", "暑期托管", "life", "职工子女暑期托管班"),
    ("haircut", "爱心理发", "life", "免费理发"),
    ("repair", "便民维修", "life", "小家电、电动车维修"),
    ("mutual_insurance", "职工互助保障", "life", "互助保障参保与理赔"),
    ("hardship_relief", "困难帮扶", "life", "困难职工帮扶救助"),
    ("film_night", "达工影院", "culture", "免费观影，主题放映，观众点片"),
    ("reading", "职工书屋", "culture", "图书借阅"),
    ("fitness", "健身", "culture", "健身器材与运动"),
    ("chess", "棋牌", "culture", "棋牌娱乐"),
    ("parent_child", "亲子课堂", "culture", "职工亲子活动"),
    ("open_day", "开放日", "culture", "面向职工家属的开放日"),
    ("themed_events", "主题活动", "culture", "节日主题活动"),
    ("sports_match", "文体比赛", "culture", "职工文体赛事"),
    ("arts_training", "文艺培训", "culture", "书法、舞蹈、摄影等培训"),
]


ENGLISH_NAMES = {
    "facilities": {
        "drinking_water": "Drinking water", "microwave": "Microwave", "charging": "Phone charging",
        "toilet": "Toilet", "rest_seats": "Seats", "folding_beds": "Folding beds",
        "massage_chair": "Massage chair", "books": "Books", "chess": "Chess and cards",
        "fitness": "Fitness equipment", "first_aid": "First-aid kit",
        "air_conditioning": "Air conditioning / heating", "wifi": "Wi-Fi", "umbrella": "Umbrellas to borrow",
        "fridge": "Fridge", "notice_board": "Notice board",
    },
    "services": {
        "legal_aid": "Legal help", "rights_consult": "Labour-rights advice", "mediation": "Labour-dispute mediation",
        "collective_bargaining": "Collective-bargaining guidance", "training": "Training",
        "order_training": "Training for employers' openings", "job_info": "Job openings",
        "career_guidance": "Career guidance", "skills_contest": "Skills contests", "education": "Further education",
        "membership": "Joining the union", "water": "Drinking water", "food_heating": "Heating meals",
        "charging": "Charging", "rest": "A place to rest", "toilet": "Toilet", "first_aid": "First-aid medicines",
        "free_clinic": "Free clinic", "health_check": "Health check-ups", "summer_cooling": "Summer cooling relief",
        "winter_warmth": "Winter warmth visits", "counselling": "Group counselling", "childcare": "Summer childcare",
        "haircut": "Free haircuts", "repair": "Repairs", "mutual_insurance": "Mutual insurance",
        "hardship_relief": "Hardship relief", "film_night": "Film night", "reading": "Workers' library",
        "fitness": "Fitness", "chess": "Chess and cards", "parent_child": "Parent-and-child classes",
        "open_day": "Open day", "themed_events": "Themed events", "sports_match": "Sports and arts contests",
        "arts_training": "Arts classes",
    },
}


def seed_catalogues(facility_model, service_model, *, english: bool = True) -> None:
    """Create or update every catalogue entry. `english=False` leaves out the English names, for
    the data migration that ran before catalogues had them."""
    for position, (code, name) in enumerate(FACILITIES):
        names = {"name": name, **({"name_en": ENGLISH_NAMES["facilities"][code]} if english else {})}
        facility_model.objects.update_or_create(code=code, defaults={**names, "position": position})
    for position, (code, name, group, description) in enumerate(SERVICE_ITEMS):
        names = {"name": name, **({"name_en": ENGLISH_NAMES["services"][code]} if english else {})}
        service_model.objects.update_or_create(
            code=code, defaults={**names, "group": group, "description": description, "position": position}
        )
