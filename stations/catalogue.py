"""The facility and service-item catalogues the domain names, loaded by a data migration and by
`seed_catalogues()` (idempotent). Names are data, in Chinese, as the stations display them."""

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


def seed_catalogues(facility_model, service_model) -> None:
    for position, (code, name) in enumerate(FACILITIES):
        facility_model.objects.update_or_create(code=code, defaults={"name": name, "position": position})
    for position, (code, name, group, description) in enumerate(SERVICE_ITEMS):
        service_model.objects.update_or_create(
            code=code, defaults={"name": name, "group": group, "description": description, "position": position}
        )
