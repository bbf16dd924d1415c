"""Demo data of the foundation: the organisations, enterprises and staff the news reports name.

Idempotent: every row is found by its natural key and updated in place. Each domain app adds its
own part in `<app>/demo.py` with a `seed(stdout)` function, called by `manage.py seed_demo`.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from stdnum.cn import uscc

from unions import services
from unions.choices import EnterpriseSize, OrganizationLevel, Role
from unions.models import Enterprise, Membership, Region, UnionOrganization

DEMO_PASSWORD = "gonghui-2026"  # noqa: S105 - printed by `make run`; demo data only

# (name, level, parent name, region code, address, phone)
ORGANIZATIONS = [
    ("中华全国总工会", OrganizationLevel.NATIONAL, None, None, "北京市西城区复兴门外大街10号", "010-68592114"),
    ("四川省总工会", OrganizationLevel.PROVINCIAL, "中华全国总工会", "510000", "成都市青羊区东御街18号", "028-86632114"),
    ("达州市总工会", OrganizationLevel.MUNICIPAL, "四川省总工会", "511700", "达州市通川区朝阳东路168号", "0818-2122114"),
    ("达川区总工会", OrganizationLevel.COUNTY, "达州市总工会", "511703", "达州市达川区通州大道297号", "0818-5122114"),
    ("通川区总工会", OrganizationLevel.COUNTY, "达州市总工会", "511702", "达州市通川区西外镇金龙大道88号", "0818-2382114"),
    ("辽宁省总工会", OrganizationLevel.PROVINCIAL, "中华全国总工会", "210000", "沈阳市和平区南京北街176号", "024-23412114"),
    ("沈阳市总工会", OrganizationLevel.MUNICIPAL, "辽宁省总工会", "210100", "沈阳市沈河区市府大路260号", "024-22722114"),
    ("铁西区总工会", OrganizationLevel.COUNTY, "沈阳市总工会", "210106", "沈阳市铁西区兴华南街12号", "024-25622114"),
    ("大东区总工会", OrganizationLevel.COUNTY, "沈阳市总工会", "210104", "沈阳市大东区东顺城街103号", "024-24312114"),
    ("沈阳市机械冶金工会", OrganizationLevel.INDUSTRY, "沈阳市总工会", "210100", "沈阳市铁西区北二中路6号", "024-25812114"),
    ("山西省总工会", OrganizationLevel.PROVINCIAL, "中华全国总工会", "140000", "太原市迎泽区迎泽大街145号", "0351-4042114"),
    ("晋城市总工会", OrganizationLevel.MUNICIPAL, "山西省总工会", "140500", "晋城市城区泽州路568号", "0356-2022114"),
    ("沁水县总工会", OrganizationLevel.COUNTY, "晋城市总工会", "140521", "晋城市沁水县龙港镇杏园路12号", "0356-7022114"),
    ("嘉峰镇工会", OrganizationLevel.TOWNSHIP, "沁水县总工会", "140521", "沁水县嘉峰镇嘉峰村府前街1号", "0356-7382114"),
    ("天津市总工会", OrganizationLevel.PROVINCIAL, "中华全国总工会", "120000", "天津市和平区南京路236号", "022-23302114"),
    ("和平区总工会", OrganizationLevel.COUNTY, "天津市总工会", "120101", "天津市和平区贵州路45号", "022-27112114"),
    ("河西区总工会", OrganizationLevel.COUNTY, "天津市总工会", "120103", "天津市河西区友谊路36号", "022-28352114"),
    ("天津渤化集团工会", OrganizationLevel.ENTERPRISE, "天津市总工会", "120101", "天津市和平区湖北路10号", "022-23152114"),
    ("湖南省总工会", OrganizationLevel.PROVINCIAL, "中华全国总工会", "430000", "长沙市开福区八一路279号", "0731-84452114"),
    ("长沙市总工会", OrganizationLevel.MUNICIPAL, "湖南省总工会", "430100", "长沙市岳麓区岳麓大道218号", "0731-88662114"),
    ("长沙县总工会", OrganizationLevel.COUNTY, "长沙市总工会", "430121", "长沙县星沙街道开元中路1号", "0731-84012114"),
    ("北京市总工会", OrganizationLevel.PROVINCIAL, "中华全国总工会", "110000", "北京市西城区西便门内大街91号", "010-63502114"),
    ("密云区总工会", OrganizationLevel.COUNTY, "北京市总工会", "110118", "北京市密云区鼓楼东大街3号", "010-69042114"),
]


def credit_code(region_code: str, organization_code: str) -> str:
    """A well-formed unified social credit code: 91 (enterprise), region, org code, check."""
    body = f"91{region_code}{organization_code}"
    return body + uscc.calc_check_digit(body)


# (name, owner, region, organisation-code part, industry, size, address)
ENTERPRISES = [
    ("晋城市聚合通人力资源有限公司", "晋城市总工会", "140502", "MA0K7T4X3", "人力资源服务（劳务派遣）", EnterpriseSize.SMALL, "晋城市城区凤台东街1296号"),
    ("山西沁和嘉峰能源有限公司", "沁水县总工会", "140521", "MA0H2L8P6", "煤炭开采", EnterpriseSize.LARGE, "沁水县嘉峰镇李庄村"),
    ("辽沈工业集团有限公司", "沈阳市总工会", "210106", "117843219", "装备制造", EnterpriseSize.LARGE, "沈阳市大东区东塔街2号"),
    ("沈阳北方重型机床有限公司", "铁西区总工会", "210106", "MA10B3C52", "机床制造", EnterpriseSize.MEDIUM, "沈阳市铁西区开发大路17号"),
    ("达州市达川区速达配送服务有限公司", "达川区总工会", "511703", "MA6ABC7D1", "即时配送", EnterpriseSize.MEDIUM, "达州市达川区河市镇金河大道66号"),
    ("达州市锦程服饰有限公司", "达川区总工会", "511703", "MA69QW8E4", "服装制造", EnterpriseSize.SMALL, "达州市达川区三里坪工业园区8号"),
    ("达州安居物业服务有限公司", "达川区总工会", "511703", "MA62RT5Y7", "物业管理", EnterpriseSize.MEDIUM, "达州市达川区南外镇长田路32号"),
    ("达州康颐养老服务有限公司", "达川区总工会", "511703", "MA6DPK2L9", "养老服务", EnterpriseSize.SMALL, "达州市达川区翠屏路15号"),
    ("天津渤海化工集团有限公司", "天津渤化集团工会", "120101", "103069847", "化工", EnterpriseSize.LARGE, "天津市和平区湖北路10号"),
]

# (username, last name, first name, organisation, role)
STAFF = [
    ("demo", "王", "敏", "达州市总工会", Role.ADMINISTRATOR),
    ("dachuan", "李", "娟", "达川区总工会", Role.STATION_MANAGER),
    ("dachuan_jobs", "陈", "宇", "达川区总工会", Role.EMPLOYMENT_OFFICER),
    ("tongchuan", "赵", "磊", "通川区总工会", Role.STATION_MANAGER),
    ("shenyang", "闫", "雨燕", "沈阳市总工会", Role.ADMINISTRATOR),
    ("qinshui", "张", "建国", "沁水县总工会", Role.MEDIATOR),
    ("jiafeng", "刘", "树理", "嘉峰镇工会", Role.MEDIATOR),
    ("tianjin", "孙", "丽华", "天津市总工会", Role.MODEL_WORKER_LIAISON),
    ("heping", "周", "建华", "和平区总工会", Role.MODEL_WORKER_LIAISON),
    ("inspector", "郑", "海", "达州市总工会", Role.INSPECTOR),
]


def seed(stdout) -> None:
    by_name: dict[str, UnionOrganization] = {}
    for name, level, parent, region_code, address, phone in ORGANIZATIONS:
        organization = UnionOrganization.objects.filter(name=name).first() or UnionOrganization(name=name)
        organization.level = level
        organization.parent = by_name.get(parent) if parent else None
        organization.region = Region.objects.filter(code=region_code).first() if region_code else None
        organization.address, organization.contact_phone = address, phone
        organization.save()
        by_name[name] = organization

    for name, owner, region_code, org_code, industry, size, address in ENTERPRISES:
        Enterprise.objects.update_or_create(
            credit_code=credit_code(region_code, org_code),
            defaults={
                "name": name, "owner": by_name[owner], "region_id": region_code,
                "industry": industry, "size": size, "address": address,
            },
        )

    User = get_user_model()
    admin, created = User.objects.get_or_create(
        username="admin", defaults={"is_staff": True, "is_superuser": True, "last_name": "系统管理员"}
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    for username, last_name, first_name, organization, role in STAFF:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"last_name": last_name, "first_name": first_name, "is_staff": True,
                      "email": f"{username}@example.org"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        if not Membership.objects.filter(user=user, organization=by_name[organization], role=role).exists():
            services.membership_grant(user=user, organization=by_name[organization], role=role)
    stdout.write(f"Organisations: {len(by_name)}, enterprises: {len(ENTERPRISES)}, staff: {len(STAFF) + 1}.")
