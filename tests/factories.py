"""Small factories for tests (factory_boy). State beyond creation goes through the real actions."""

import factory

from accounts.models import Department, Role, Staff
from customers.models import Community, Customer, CustomerPhone, Premises


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"dept{n}")
    name = factory.Sequence(lambda n: f"部门{n}")


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Staff
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    name = factory.Sequence(lambda n: f"员工{n}")
    work_number = factory.Sequence(lambda n: f"KF{n:04d}")
    role = Role.AGENT
    password = factory.PostGenerationMethodCall("set_password", "test-pass-123")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer
        skip_postgeneration_save = True

    name = factory.Iterator(["王建国", "李秀英", "张伟", "刘芳", "陈静", "杨洋"])
    gender = factory.Iterator(["male", "female", "male", "female", "female", "male"])
    grade = "B"

    @factory.post_generation
    def phone(obj, create, extracted, **kwargs):
        if create:
            CustomerPhone.objects.create(customer=obj, number=extracted or f"139{obj.pk:08d}", is_primary=True)

    @factory.post_generation
    def address(obj, create, extracted, **kwargs):
        if create:
            community, _ = Community.objects.get_or_create(name=(extracted or {}).get("community", "翠湖苑"))
            Premises.objects.create(
                customer=obj, community=community, building="3", unit="2", room=f"{500 + obj.pk % 100}"
            )
